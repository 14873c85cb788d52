package dev.vecrnn.server;

import dev.vecrnn.api.VecrnnException;

import java.time.Duration;

/**
 * What one server lets its clients ask for.
 *
 * @param concurrentGenerations completions generating at once; more wait in the queue
 * @param queuedGenerations     completions that may wait for a slot; beyond it, 429 at once
 * @param queueWait             longest wait for a slot before 429
 * @param maxTokens             the largest {@code max_tokens} a request may ask for
 * @param maxPromptChars        the longest prompt, in characters (UTF-16 units)
 * @param maxBodyBytes          the largest request body
 * @param maxChoices            the largest {@code n} (times the number of prompts)
 * @param timeLimit             a completion that runs longer stops where it is ({@code finish_reason} "length")
 * @param shutdownGrace         on stop, how long running generations may go on
 */
public record ServerLimits(int concurrentGenerations, int queuedGenerations, Duration queueWait, int maxTokens,
                           int maxPromptChars, int maxBodyBytes, int maxChoices, Duration timeLimit, Duration shutdownGrace) {

    public ServerLimits {
        positive(concurrentGenerations, "concurrentGenerations");
        if (queuedGenerations < 0) {
            throw VecrnnException.about("{queuedGenerations} must not be negative, not " + queuedGenerations, "queuedGenerations");
        }
        positive(maxTokens, "maxTokens");
        positive(maxPromptChars, "maxPromptChars");
        positive(maxBodyBytes, "maxBodyBytes");
        positive(maxChoices, "maxChoices");
        if (queueWait.isNegative() || timeLimit.isNegative() || timeLimit.isZero() || shutdownGrace.isNegative()) {
            throw VecrnnException.about("{queueWait} and {shutdownGrace} must not be negative and {timeLimit} must be positive",
                    "queueWait", "timeLimit", "shutdownGrace");
        }
    }

    /** 64 generations at once and 64 more waiting up to 10 s; 2048 tokens, 32k characters, 1 MiB, n up to 16, 60 s each; 10 s grace. */
    public static ServerLimits defaults() {
        return new ServerLimits(64, 64, Duration.ofSeconds(10), 2048, 32_768, 1 << 20, 16, Duration.ofSeconds(60),
                Duration.ofSeconds(10));
    }

    private static void positive(int v, String name) {
        if (v < 1) {
            throw VecrnnException.about("{" + name + "} must be at least 1, not " + v, name);
        }
    }
}
