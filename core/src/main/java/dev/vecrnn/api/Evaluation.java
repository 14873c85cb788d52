package dev.vecrnn.api;

/**
 * A model's loss on a text: of its {@code tokens}, {@code unknown} were not in the model's
 * vocabulary (scored as {@code <unk>} when the model has one, left out otherwise), and
 * {@code predictions} next-token predictions cost {@code nats} in total. Per token in nats,
 * perplexity is e to that, and bits per token is it over ln 2.
 *
 * @param tokens      tokens the text was split into
 * @param unknown     of them, pieces the model's vocabulary lacks
 * @param predictions next-token predictions measured (every token after the first that the model can read)
 * @param nats        their total cost, -sum log p(next token)
 */
public record Evaluation(long tokens, long unknown, long predictions, double nats) {

    /** Mean loss per prediction, in nats (NaN without predictions). */
    public double lossPerToken() {
        return predictions == 0 ? Double.NaN : nats / predictions;
    }

    /** e to the loss per token: how many equally likely tokens the model is choosing between, on average. */
    public double perplexity() {
        return Math.exp(lossPerToken());
    }

    /** The loss per token in bits. */
    public double bitsPerToken() {
        return lossPerToken() / Math.log(2);
    }
}
