package dev.vecrnn.internal.sample;

import dev.vecrnn.api.VecrnnException;

/**
 * How the next token is drawn: {@code temperature} divides the logits; {@code topK} keeps the
 * k most likely tokens (0 = all); {@code topP} keeps the smallest set whose probability reaches
 * p (1 = all); {@code argmax} always takes the most likely token.
 */
public record SamplingOptions(double temperature, int topK, double topP, boolean argmax) {

    public static final SamplingOptions DEFAULT = new SamplingOptions(1.0, 0, 1.0, false);

    public SamplingOptions {
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
}
