package dev.vecrnn.server;

import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;

import java.util.List;

/**
 * A checked {@code POST /v1/completions} request: every value is within its range, the model is
 * served and every prompt is one it can read.
 *
 * @param modelId      the model's id as the client named it
 * @param model        the model
 * @param prompts      one or more non-empty prompts; each gets {@code n} choices
 * @param maxTokens    tokens to generate per choice
 * @param temperature  0 (always the most likely token) to 2
 * @param topP         in (0, 1]
 * @param topK         0 (all) or more
 * @param seed         the first choice's seed (the next choices take the following ones), or null for random
 * @param stop         up to 4 texts that end a choice, not included in it
 * @param n            choices per prompt
 * @param stream       send server-sent events as tokens are drawn
 * @param includeUsage with {@code stream}, a last chunk with the token counts
 * @param echo         start each choice's text with its prompt
 */
record CompletionRequest(String modelId, Model model, List<String> prompts, int maxTokens, double temperature, double topP,
                         int topK, Long seed, List<String> stop, int n, boolean stream, boolean includeUsage, boolean echo) {

    /** How choice {@code index} (counting over all prompts) is drawn. */
    SampleSettings settings(int index) {
        return SampleSettings.builder().length(maxTokens).temperature(temperature == 0 ? 1.0 : temperature)
                .argmax(temperature == 0).topP(topP).topK(topK).seed(seed == null ? null : seed + index).build();
    }

    /** The prompt of choice {@code index}. */
    String prompt(int index) {
        return prompts.get(index / n);
    }

    int choices() {
        return prompts.size() * n;
    }
}
