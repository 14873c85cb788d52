package dev.vecrnn.server;

import org.eclipse.jetty.http.HttpHeader;

import java.io.IOException;
import java.io.PrintStream;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /v1/completions}: one JSON response ({@link CollectedCompletion}), or server-sent
 * events as tokens are drawn ({@link StreamedCompletion}).
 */
final class CompletionsEndpoint {
    private final CompletionRequestParser parser;
    private final GenerationSlots slots;
    private final ServerLimits limits;
    private final ServerMetrics metrics;
    /** Once the server stops and its grace has passed, every generation ends at its next token. */
    private volatile long haltAt;
    private volatile boolean halting;

    private final TokenScheduler tokens;
    private final PrintStream log;

    CompletionsEndpoint(ServedModels models, ServerLimits limits, GenerationSlots slots, ServerMetrics metrics,
                        TokenScheduler tokens, PrintStream log) {
        this.tokens = tokens;
        this.log = log;
        this.parser = new CompletionRequestParser(models, limits);
        this.slots = slots;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Lets running generations go on for {@code graceNanos} more, then ends them. */
    void haltAfter(long graceNanos) {
        haltAt = System.nanoTime() + graceNanos;
        halting = true;
    }

    private BooleanSupplier timeLeft(long deadline) {
        return () -> {
            long now = System.nanoTime();
            return now - deadline < 0 && !(halting && now - haltAt >= 0);
        };
    }

    /**
     * Checks the request, takes a slot, runs the prompt through the model, draws the first token
     * and writes it, and leaves the rest to the token workers; this thread is then free.
     */
    void handle(Exchange ex) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FirstTokenTimeline first = new FirstTokenTimeline(ex.request.getBeginNanoTime());
        first.mark(FirstTokenTimeline.Stage.DISPATCH);
        CompletionRequest r = parser.parse(ex.body(limits.maxBodyBytes()));
        first.mark(FirstTokenTimeline.Stage.PARSE);
        slots.acquire();
        first.mark(FirstTokenTimeline.Stage.SLOT);
        metrics.generationStarted();
        Runnable release = () -> {
            metrics.generationEnded();
            slots.release();
        };
        CompletionRun run;
        try {
            run = new CompletionRun(r);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        first.mark(FirstTokenTimeline.Stage.PROMPT);
        BooleanSupplier deadline = timeLeft(start + limits.timeLimit().toNanos());
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        CompletionJob job;
        if (r.stream()) {
            ex.response.setStatus(200);
            ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            job = new StreamedCompletion(ex, r, run, deadline, tokens, metrics, id, created, release, log, start, first);
        } else {
            job = new CollectedCompletion(ex, r, run, deadline, tokens, metrics, id, created, release, log);
        }
        // the first turn at once, on this thread, which is running already: a worker may be busy or
        // waiting for a core, and the first token is the one a client waits for
        job.take();
    }
}
