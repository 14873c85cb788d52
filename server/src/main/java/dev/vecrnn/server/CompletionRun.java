package dev.vecrnn.server;

import dev.vecrnn.api.Generation;
import dev.vecrnn.api.VecrnnException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Generates the choices of one request, one after the other and one token per {@link #step},
 * handing text to a {@link Sink} as it is drawn: stop sequences end a choice, the time limit ends
 * all.
 */
final class CompletionRun {

    /** Where a run's text goes: collected for one JSON response, or sent as events. */
    interface Sink {
        void text(int choice, String text);

        /** Choice {@code choice} is complete, because of {@code reason} ("stop" or "length"). */
        void finish(int choice, String reason);
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
    /** The choice being generated, and its stop sequences' scanner (null until it starts). */
    private int choice;
    private StopScanner stops;
    /** Tokens drawn by the choices already ended. */
    private int drawnBefore;

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
     * One step: the next token of the current choice into {@code sink}, ending the choice when it
     * is complete, stopped, or {@code timeLeft} says no more (checked before each token; the
     * choices after it then end at once). Draws on the calling thread.
     *
     * @return whether there are more steps to take
     */
    boolean step(Sink sink, BooleanSupplier timeLeft) {
        if (choice == generations.size()) {
            return false;
        }
        Generation g = generations.get(choice);
        if (stops == null) {
            stops = new StopScanner(request.stop());
            if (request.echo()) {
                sink.text(choice, request.prompt(choice));
            }
        }
        boolean draw = g.hasNext() && !stops.stopped() && timeLeft.getAsBoolean();
        if (draw) {
            String shown = stops.push(g.next());
            if (!shown.isEmpty()) {
                sink.text(choice, shown);
            }
        }
        if (!draw || !g.hasNext() || stops.stopped()) {
            drawnBefore += g.tokensDrawn();
            if (!stops.stopped()) {
                String rest = stops.finish();
                if (!rest.isEmpty()) {
                    sink.text(choice, rest);
                }
            }
            sink.finish(choice, stops.stopped() ? "stop" : "length");
            choice++;
            stops = null;
        }
        return choice < generations.size();
    }

    /** Tokens drawn so far, in every choice. */
    long tokensDrawn() {
        return drawnBefore + (choice < generations.size() ? generations.get(choice).tokensDrawn() : 0);
    }

    /** The tokens read and drawn; complete once {@link #step} has said there is no more. */
    Usage usage() {
        return new Usage(promptTokens, drawnBefore);
    }
}
