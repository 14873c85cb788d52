package dev.vecrnn.internal.train;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;

import java.util.function.BooleanSupplier;

/**
 * Measures a model's loss on token ids: one stream from a zero state, read left to right in
 * chunks with the state carried between them, every token after the first predicted once. The
 * chunk length only decides buffer sizes, not the result, so training's validation and
 * {@code vecrnn eval} on the same ids agree.
 */
public final class Evaluator {
    /** Steps per chunk: enough rows for the output layer to be a matrix product, few enough to keep the buffer small. */
    static final int CHUNK = 64;

    private final LanguageModel model;
    private final Kernels kernels;
    private ModelRun run;

    public Evaluator(LanguageModel model, Kernels kernels) {
        this.model = model;
        this.kernels = kernels;
    }

    /** The loss of predicting {@code ids[i+1]} from {@code ids[0..i]} for every i. */
    public Evaluation evaluate(int[] ids) {
        return evaluate(ids, () -> false);
    }

    /** As {@link #evaluate(int[])}, but returns null as soon as {@code cancelled} says so. */
    public Evaluation evaluate(int[] ids, BooleanSupplier cancelled) {
        if (run == null) {
            run = model.open(CHUNK, 1);
        }
        float[][] state = model.newState(1);
        int[] inputs = new int[CHUNK];
        int[] targets = new int[CHUNK];
        long predictions = 0;
        double nats = 0;
        for (int start = 0; start + 1 < ids.length; start += CHUNK) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            int steps = Math.min(CHUNK, ids.length - 1 - start);
            System.arraycopy(ids, start, inputs, 0, steps);
            System.arraycopy(ids, start + 1, targets, 0, steps);
            nats += run.forward(inputs, targets, steps, state, kernels);
            predictions += steps;
        }
        return new Evaluation(ids.length, 0, predictions, nats);
    }
}
