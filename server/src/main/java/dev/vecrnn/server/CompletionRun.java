package dev.vecrnn.server;

import dev.vecrnn.api.Generation;
import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Generates the choices of one request, one after the other, handing text to a {@link Sink} as
 * it is drawn: stop sequences end a choice, the time limit ends all, and a sink that fails (the
 * client went away) stops the generation there.
 */
final class CompletionRun {

    /** Where a run's text goes: collected for one JSON response, or sent as events. */
    interface Sink {
        void text(int choice, String text) throws IOException;

        /** Choice {@code choice} is complete, because of {@code reason} ("stop" or "length"). */
        void finish(int choice, String reason) throws IOException;
    }

    /** Tokens read and drawn. */
    record Usage(int promptTokens, int completionTokens) {
        int total() {
            return promptTokens + completionTokens;
        }
    }

    private final CompletionRequest request;
    private final List<Generation> generations = new ArrayList<>();
    private final int promptTokens;

    /**
     * Primes every choice's generation, so that a prompt the model cannot read is refused before
     * any response is sent.
     */
    CompletionRun(CompletionRequest request) {
        this.request = request;
        int tokens = 0;
        for (String p : request.prompts()) {
            tokens += request.model().split(p).size();
        }
        this.promptTokens = tokens;
        try {
            for (int i = 0; i < request.choices(); i++) {
                generations.add(request.model().sample(request.prompt(i), request.settings(i)));
            }
        } catch (VecrnnException e) {
            throw ApiError.invalid("prompt", e.message(CompletionRun::apiName));
        }
    }

    /** The API's name for a setting named in a {@link VecrnnException}. */
    static String apiName(String setting) {
        switch (setting) {
            case "prime":
                return "prompt";
            case "length":
                return "max_tokens";
            case "topP":
                return "top_p";
            case "topK":
                return "top_k";
            default:
                return setting;
        }
    }

    /**
     * Runs every choice into {@code sink} while {@code timeLeft} says so (checked before each
     * token), drawing the tokens on {@code tokens}' workers.
     */
    Usage run(Sink sink, BooleanSupplier timeLeft, TokenScheduler tokens) throws IOException, InterruptedException {
        int drawn = 0;
        for (int i = 0; i < generations.size(); i++) {
            Generation g = generations.get(i);
            if (request.echo()) {
                sink.text(i, request.prompt(i));
            }
            StopScanner stops = new StopScanner(request.stop());
            while (g.hasNext() && !stops.stopped() && timeLeft.getAsBoolean()) {
                String shown = stops.push(tokens.next(g, g.tokensDrawn()));
                if (!shown.isEmpty()) {
                    sink.text(i, shown);
                }
            }
            drawn += g.tokensDrawn();
            if (!stops.stopped()) {
                String rest = stops.finish();
                if (!rest.isEmpty()) {
                    sink.text(i, rest);
                }
            }
            sink.finish(i, stops.stopped() ? "stop" : "length");
        }
        return new Usage(promptTokens, drawn);
    }
}
