package dev.vecrnn.internal.train;

/**
 * The loss of a model on a text: {@code predictions} next-token predictions costing
 * {@code nats} in total. Per token, in nats; perplexity is e to that; bits per token is it over ln 2.
 */
public record Evaluation(long predictions, double nats) {

    public double lossPerToken() {
        return predictions == 0 ? Double.NaN : nats / predictions;
    }

    public double perplexity() {
        return Math.exp(lossPerToken());
    }

    public double bitsPerToken() {
        return lossPerToken() / Math.log(2);
    }
}
