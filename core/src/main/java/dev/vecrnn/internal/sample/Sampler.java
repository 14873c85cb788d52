package dev.vecrnn.internal.sample;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.util.Rng;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Generates tokens one at a time: feed a token, get a distribution, draw the next token from it,
 * feed it back. The model gives V scores whose softmax is its distribution (the full softmax's
 * logits, or the adaptive softmax's log-probabilities of every token, head and all clusters), so
 * temperature, top-k, top-p and argmax act on the model's whole distribution either way.
 */
public final class Sampler {
    private final ModelRun run;
    private final Kernels kernels;
    private final int vocab;
    private final float[] probs;
    private long[] order;

    public Sampler(LanguageModel model, Kernels kernels) {
        this.run = model.open(1, 1);
        this.kernels = kernels;
        this.vocab = model.spec().vocab();
        this.probs = new float[vocab];
    }

    /** Feeds {@code tokens} in order, advancing {@code state}; returns the logits after the last. */
    public float[] prime(int[] tokens, float[][] state) {
        run.weightsChanged();
        float[] logits = null;
        for (int t : tokens) {
            logits = run.stepLogits(t, state, kernels);
        }
        return logits;
    }

    /**
     * Feeds {@code first}, then draws {@code count} tokens, each fed back; every drawn token goes
     * to {@code out} as soon as it is drawn. Returns the drawn tokens.
     */
    public int[] generate(int first, int count, float[][] state, SamplingOptions opts, Rng rng, IntConsumer out) {
        // between two calls a trainer may have stepped the weights
        run.weightsChanged();
        int[] drawn = new int[count];
        int token = first;
        for (int i = 0; i < count; i++) {
            token = next(token, state, opts, rng);
            drawn[i] = token;
            if (out != null) {
                out.accept(token);
            }
        }
        return drawn;
    }

    /**
     * Feeds {@code token}, advancing {@code state}, and draws the token that follows it. The
     * weights must not have changed since this sampler was made or last primed or generated.
     */
    public int next(int token, float[][] state, SamplingOptions opts, Rng rng) {
        return draw(run.stepLogits(token, state, kernels), opts, rng);
    }

    /**
     * Draws a token from {@code logits}: scores whose softmax is the distribution (logits or
     * log-probabilities; only the first V entries are read).
     */
    public int draw(float[] logits, SamplingOptions opts, Rng rng) {
        if (opts.argmax()) {
            int best = 0;
            for (int i = 1; i < vocab; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        float invT = (float) (1.0 / opts.temperature());
        for (int i = 0; i < vocab; i++) {
            probs[i] = logits[i] * invT;
        }
        kernels.softmax(probs, 0, vocab);
        if (opts.topK() > 0 && opts.topK() < vocab || opts.topP() < 1.0) {
            truncate(opts);
        }
        double u = rng.nextDouble();
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            total += probs[i];
        }
        double target = u * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < vocab; i++) {
            if (probs[i] > 0) {
                acc += probs[i];
                last = i;
                if (acc > target) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Zeroes every probability outside the top-k / top-p set (ties broken towards the lower id). */
    private void truncate(SamplingOptions opts) {
        if (order == null) {
            order = new long[vocab];
        }
        // probabilities are non-negative, so their bits sort like their values: one primitive sort, no boxing
        for (int i = 0; i < vocab; i++) {
            order[i] = ((long) Float.floatToIntBits(probs[i]) << 32) | (0xFFFFFFFFL - i);
        }
        Arrays.sort(order);
        int keep = opts.topK() > 0 ? Math.min(opts.topK(), vocab) : vocab;
        if (opts.topP() < 1.0) {
            double acc = 0;
            int n = 0;
            while (n < keep) {
                acc += probs[idAt(n)];
                n++;
                if (acc >= opts.topP()) {
                    break;
                }
            }
            keep = n;
        }
        for (int i = keep; i < vocab; i++) {
            probs[idAt(i)] = 0f;
        }
    }

    /** The id of the n-th most likely token after {@link #truncate} sorted them. */
    private int idAt(int n) {
        return (int) (0xFFFFFFFFL - (order[vocab - 1 - n] & 0xFFFFFFFFL));
    }
}
