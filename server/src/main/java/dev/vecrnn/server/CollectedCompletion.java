package dev.vecrnn.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/** A completion answered as one JSON response: its text collected turn by turn, sent at the end. */
final class CollectedCompletion extends CompletionJob implements CompletionRun.Sink {
    private final StringBuilder[] texts;
    private final String[] reasons;

    CollectedCompletion(Exchange ex, CompletionRequest request, CompletionRun run, BooleanSupplier timeLeft, TokenScheduler tokens,
                        ServerMetrics metrics, String id, long created, Runnable release, PrintStream log) {
        super(ex, request, run, timeLeft, tokens, metrics, id, created, release, log);
        texts = new StringBuilder[request.choices()];
        reasons = new String[request.choices()];
    }

    @Override
    void turn() {
        if (run.step(this, timeLeft)) {
            tokens.submit(this);
            return;
        }
        ObjectNode body = CompletionJson.head(id, created, request.modelId());
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < texts.length; i++) {
            choices.add(CompletionJson.choice(i, texts[i] == null ? "" : texts[i].toString(), reasons[i]));
        }
        CompletionRun.Usage usage = run.usage();
        body.set("usage", CompletionJson.usage(usage));
        metrics.tokensGenerated(request.modelId(), usage.completionTokens());
        ex.json(200, body);
        end();
    }

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
}
