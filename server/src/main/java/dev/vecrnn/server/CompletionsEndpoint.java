package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** {@code POST /v1/completions}: one JSON response, or server-sent events as tokens are drawn. */
final class CompletionsEndpoint {
    private final CompletionRequestParser parser;
    private final GenerationSlots slots;
    private final ServerLimits limits;
    private final ServerMetrics metrics;
    /** Once the server stops and its grace has passed, every generation ends at its next token. */
    private volatile long haltAt;
    private volatile boolean halting;

    private final TokenScheduler tokens;

    CompletionsEndpoint(ServedModels models, ServerLimits limits, GenerationSlots slots, ServerMetrics metrics,
                        TokenScheduler tokens) {
        this.tokens = tokens;
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

    void handle(Exchange ex) throws IOException, InterruptedException {
        long start = System.nanoTime();
        CompletionRequest r = parser.parse(ex.body(limits.maxBodyBytes()));
        slots.acquire();
        metrics.generationStarted();
        try {
            CompletionRun run = new CompletionRun(r);
            BooleanSupplier deadline = timeLeft(start + limits.timeLimit().toNanos());
            String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
            long created = System.currentTimeMillis() / 1000;
            if (r.stream()) {
                stream(ex, r, run, id, created, deadline, start);
            } else {
                whole(ex, r, run, id, created, deadline);
            }
        } finally {
            metrics.generationEnded();
            slots.release();
        }
    }

    private void whole(Exchange ex, CompletionRequest r, CompletionRun run, String id, long created, BooleanSupplier deadline)
            throws IOException, InterruptedException {
        StringBuilder[] texts = new StringBuilder[r.choices()];
        String[] reasons = new String[r.choices()];
        CompletionRun.Usage usage = run.run(new CompletionRun.Sink() {
            @Override
            public void text(int choice, String text) {
                if (texts[choice] == null) {
                    texts[choice] = new StringBuilder();
                }
                texts[choice].append(text);
            }

            @Override
            public void finish(int choice, String reason) {
                reasons[choice] = reason;
            }
        }, deadline, tokens);
        ObjectNode body = head(id, created, r.modelId());
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < texts.length; i++) {
            choices.add(choice(i, texts[i] == null ? "" : texts[i].toString(), reasons[i]));
        }
        body.set("usage", usage(usage));
        metrics.tokensGenerated(r.modelId(), usage.completionTokens());
        ex.json(200, body);
    }

    private void stream(Exchange ex, CompletionRequest r, CompletionRun run, String id, long created, BooleanSupplier deadline,
                        long start)
            throws IOException, InterruptedException {
        ex.response.setStatus(200);
        ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        OutputStream out = Content.Sink.asOutputStream(ex.response);
        boolean[] first = {true};
        CompletionRun.Usage usage;
        try {
            usage = run.run(new CompletionRun.Sink() {
                @Override
                public void text(int choice, String text) throws IOException {
                    if (first[0]) {
                        first[0] = false;
                        metrics.firstToken(System.nanoTime() - start);
                    }
                    event(out, chunk(id, created, r.modelId(), choice, text, null));
                }

                @Override
                public void finish(int choice, String reason) throws IOException {
                    event(out, chunk(id, created, r.modelId(), choice, "", reason));
                }
            }, deadline, tokens);
        } catch (IOException e) {
            // the client went away: the generation stopped at its next token
            metrics.disconnected();
            ex.callback.failed(e);
            return;
        }
        metrics.tokensGenerated(r.modelId(), usage.completionTokens());
        try {
            if (r.includeUsage()) {
                ObjectNode last = head(id, created, r.modelId());
                last.putArray("choices");
                last.set("usage", usage(usage));
                event(out, last.toString());
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
            ex.callback.succeeded();
        } catch (IOException e) {
            metrics.disconnected();
            ex.callback.failed(e);
        }
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String chunk(String id, long created, String model, int index, String text, String reason) {
        ObjectNode c = head(id, created, model);
        c.putArray("choices").add(choice(index, text, reason));
        return Json.write(c);
    }

    private static ObjectNode head(String id, long created, String model) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", "text_completion");
        o.put("created", created);
        o.put("model", model);
        return o;
    }

    private static ObjectNode choice(int index, String text, String reason) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("text", text);
        c.put("index", index);
        c.putNull("logprobs");
        c.put("finish_reason", reason);
        return c;
    }

    private static ObjectNode usage(CompletionRun.Usage u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("prompt_tokens", u.promptTokens());
        o.put("completion_tokens", u.completionTokens());
        o.put("total_tokens", u.total());
        return o;
    }
}
