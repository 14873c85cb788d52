package dev.vecrnn.api;

/**
 * How to draw text from a model: {@code length} tokens after the prime; {@code temperature}
 * divides the logits (below 1 more conservative, above 1 more surprising); {@code topK} keeps the
 * k most likely tokens (0 = all); {@code topP} keeps the smallest set of most likely tokens whose
 * probability reaches p (1 = all); {@code argmax} always takes the most likely token; the same
 * {@code seed} gives the same text (null: a random seed). Invalid values are refused when the
 * value is built, with a {@link VecrnnException} naming the setting.
 *
 * @param length      tokens to generate after the prime
 * @param temperature divides the logits; positive
 * @param topK        draw only from the k most likely tokens; 0 = all
 * @param topP        draw only from the most likely tokens whose probabilities add up to p; in (0, 1]
 * @param argmax      always take the most likely token
 * @param seed        random seed, or null for a random one
 */
public record SampleSettings(int length, double temperature, int topK, double topP, boolean argmax, Long seed) {

    public SampleSettings {
        if (length < 0) {
            throw VecrnnException.about("{length} must not be negative, not " + length, "length");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw VecrnnException.about("{temperature} must be a positive number, not " + temperature
                    + " (for the most likely token every time, use {argmax})", "temperature", "argmax");
        }
        if (topK < 0) {
            throw VecrnnException.about("{topK} must be 0 (off) or a positive number, not " + topK, "topK");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw VecrnnException.about("{topP} must be in (0, 1], not " + topP, "topP");
        }
    }

    /** 200 tokens at temperature 1 from the whole distribution, with a random seed: the command line's defaults. */
    public static SampleSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().length(length).temperature(temperature).topK(topK).topP(topP).argmax(argmax).seed(seed);
    }

    /** Builds {@link SampleSettings}, starting from {@link #defaults()}. */
    public static final class Builder {
        private int length = 200;
        private double temperature = 1.0;
        private int topK;
        private double topP = 1.0;
        private boolean argmax;
        private Long seed;

        Builder() {
        }

        public Builder length(int v) {
            length = v;
            return this;
        }

        public Builder temperature(double v) {
            temperature = v;
            return this;
        }

        public Builder topK(int v) {
            topK = v;
            return this;
        }

        public Builder topP(double v) {
            topP = v;
            return this;
        }

        public Builder argmax(boolean v) {
            argmax = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public SampleSettings build() {
            return new SampleSettings(length, temperature, topK, topP, argmax, seed);
        }
    }
}
