package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A completion streamed as server-sent events: each turn draws a token and writes its event at
 * once, without waiting for the write; the next turn is asked for when the write is done. A write
 * that fails (the client went away) ends the completion there.
 */
final class StreamedCompletion extends CompletionJob implements CompletionRun.Sink {
    private final long start;
    private final FirstTokenTimeline timeline;
    private final StringBuilder events = new StringBuilder();
    private boolean firstTurn = true;
    /** Whether this turn's events hold text, and whether any text was sent before. */
    private boolean textInTurn;
    private boolean sentText;

    /**
     * @param start    when the request's handling started, for the time to the first token
     * @param timeline the first token's steps so far; this marks the rest
     */
    StreamedCompletion(Exchange ex, CompletionRequest request, CompletionRun run, BooleanSupplier timeLeft, TokenScheduler tokens,
                       ServerMetrics metrics, String id, long created, Runnable release, PrintStream log, long start,
                       FirstTokenTimeline timeline) {
        super(ex, request, run, timeLeft, tokens, metrics, id, created, release, log);
        this.start = start;
        this.timeline = timeline;
    }

    @Override
    void turn() {
        boolean first = firstTurn;
        firstTurn = false;
        textInTurn = false;
        if (first) {
            timeline.mark(FirstTokenTimeline.Stage.QUEUE);
        }
        boolean more = run.step(this, timeLeft);
        if (first) {
            timeline.mark(FirstTokenTimeline.Stage.DRAW);
        }
        if (!more) {
            CompletionRun.Usage usage = run.usage();
            metrics.tokensGenerated(request.modelId(), usage.completionTokens());
            if (request.includeUsage()) {
                ObjectNode last = CompletionJson.head(id, created, request.modelId());
                last.putArray("choices");
                last.set("usage", CompletionJson.usage(usage));
                event(Json.write(last));
            }
            events.append("data: [DONE]\n\n");
        }
        if (events.length() == 0) {
            tokens.submit(this);
            return;
        }
        boolean firstText = !sentText && textInTurn;
        sentText |= textInTurn;
        ByteBuffer bytes = ByteBuffer.wrap(events.toString().getBytes(StandardCharsets.UTF_8));
        events.setLength(0);
        ex.response.write(!more, bytes, Callback.from(Invocable.InvocationType.NON_BLOCKING, () -> {
            if (firstText) {
                if (first) {
                    timeline.mark(FirstTokenTimeline.Stage.WRITE);
                }
                metrics.firstToken(System.nanoTime() - start, timeline);
            }
            if (more) {
                tokens.submit(this);
            } else {
                ex.callback.succeeded();
                end();
            }
        }, failure -> {
            // the client went away: the completion ends here
            metrics.disconnected();
            ex.callback.failed(failure);
            end();
        }));
    }

    @Override
    public void text(int choice, String text) {
        textInTurn = true;
        event(CompletionJson.chunk(id, created, request.modelId(), choice, text, null));
    }

    @Override
    public void finish(int choice, String reason) {
        event(CompletionJson.chunk(id, created, request.modelId(), choice, "", reason));
    }

    private void event(String json) {
        events.append("data: ").append(json).append("\n\n");
    }
}
