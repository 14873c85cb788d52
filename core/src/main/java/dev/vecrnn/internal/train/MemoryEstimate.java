package dev.vecrnn.internal.train;

import dev.vecrnn.internal.model.Cell;
import dev.vecrnn.internal.model.Cells;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.util.Memory;

/**
 * What a model costs in memory before anything is allocated, in floats: its parameters (word
 * vectors and softmax clusters included), their gradients, the optimizer's state ({@code slots}
 * arrays the size of the parameters) and the buffers of a training chunk, of sampling and of
 * validation. The parameters are counted exactly; the buffers from the shapes, at the most they
 * can come to (the adaptive softmax's cluster buffer as if every target of a chunk fell in its
 * largest cluster), close enough to say whether a run fits in the heap.
 */
public record MemoryEstimate(long parameters, long gradients, long optimizerState, long buffers) {

    /** The estimate for training {@code spec} on chunks of {@code seqLength} x {@code batch} with an optimizer of {@code slots} arrays per parameter. */
    public static MemoryEstimate training(ModelSpec spec, int seqLength, int batch, int slots) {
        long p = parameterCount(spec);
        long rows = (long) seqLength * batch;
        // the sampler's probabilities and its top-k order (a long per token)
        long sampling = run(spec, 1) + 3L * spec.vocab();
        long buffers = run(spec, rows) + sampling + run(spec, Evaluator.CHUNK);
        return new MemoryEstimate(p, p, p * slots, buffers);
    }

    /** The estimate for using {@code spec} without training (sampling, evaluation). */
    public static MemoryEstimate inference(ModelSpec spec) {
        long p = parameterCount(spec);
        return new MemoryEstimate(p, p, 0, run(spec, Evaluator.CHUNK) + run(spec, 1) + 3L * spec.vocab());
    }

    /**
     * Floats of one {@link dev.vecrnn.internal.model.ModelRun} of {@code rows} rows: per layer the
     * input projection, the outputs and the cell's caches (at most two more of gate width), the
     * transposed recurrent weights, the gradients into a layer, the word vectors read and their
     * gradient, and the output layer's buffers.
     */
    private static long run(ModelSpec spec, long rows) {
        long g = gates(spec);
        long h = spec.hidden();
        long layers = rows * spec.layers() * (3 * g + h) + spec.layers() * g * h + rows * (h + g);
        long words = 2 * rows * spec.embedding();
        return layers + words + LanguageModel.outputBufferFloats(spec, rows);
    }

    /**
     * Parameters of {@code spec}: the word vectors, the input, recurrent and bias of every layer,
     * and the output layer (full: V x H weights, unless tied, and V biases; adaptive: the head's
     * shortlist, unless tied, and cluster rows, and each cluster's projection and weights).
     */
    public static long parameterCount(ModelSpec spec) {
        // exact arithmetic: the shape may come from a corrupted file, and an overflow must not pass for a small model
        long g = gates(spec);
        long h = spec.hidden();
        long v = spec.vocab();
        long e = spec.embedding();
        long gh = Math.multiplyExact(g, h);
        long recurrent = Math.addExact(gh, spec.cell() == dev.vecrnn.api.CellType.GRU ? h : 0);
        long n = e > 0 ? Math.addExact(Math.multiplyExact(v, e), Math.multiplyExact(g, e)) : Math.multiplyExact(v, g);
        n = Math.addExact(n, Math.addExact(recurrent, g));
        n = Math.addExact(n, Math.multiplyExact(spec.layers() - 1L, Math.addExact(Math.addExact(gh, recurrent), g)));
        if (!spec.adaptive()) {
            return Math.addExact(n, Math.addExact(spec.tieWeights() ? 0 : Math.multiplyExact(v, h), v));
        }
        n = Math.addExact(n, Math.addExact(spec.tieWeights() ? 0 : Math.multiplyExact((long) spec.clusterStart(0), h),
                Math.multiplyExact((long) spec.clusters(), h)));
        for (int i = 0; i < spec.clusters(); i++) {
            long w = spec.clusterHidden(i);
            n = Math.addExact(n, Math.addExact(Math.multiplyExact(w, h), Math.multiplyExact(w, spec.clusterTokens(i))));
        }
        return n;
    }

    /** Gate width of the spec's cell: its gates per hidden unit (from a one-unit cell) times the hidden size. */
    private static long gates(ModelSpec spec) {
        Cell probe = Cells.create(spec.cell(), "probe", 1);
        return (long) probe.gates() * spec.hidden();
    }

    public long totalBytes() {
        return 4 * (parameters + gradients + optimizerState + buffers);
    }

    /** One line: the total and what it is made of, e.g. for printing before a run. */
    public String describe() {
        return "about " + Memory.format(totalBytes()) + ": " + Memory.format(4 * parameters) + " of parameters, as much again "
                + "for gradients" + (optimizerState > 0 ? ", " + Memory.format(4 * optimizerState) + " of optimizer state" : "")
                + ", " + Memory.format(4 * buffers) + " of buffers";
    }

    /** Fails with a message saying how much memory is needed when the heap cannot hold it. */
    public void require(String what) {
        Memory.require(totalBytes(), what + " (" + Memory.format(4 * parameters) + " of parameters, as much again for gradients"
                + (optimizerState > 0 ? ", " + Memory.format(4 * optimizerState) + " of optimizer state" : "")
                + ", " + Memory.format(4 * buffers) + " of buffers)");
    }
}
