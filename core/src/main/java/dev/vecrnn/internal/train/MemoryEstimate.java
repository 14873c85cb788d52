package dev.vecrnn.internal.train;

import dev.vecrnn.internal.model.Cell;
import dev.vecrnn.internal.model.Cells;
import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.util.Memory;

/**
 * What a model costs in memory before anything is allocated, in floats: its parameters, their
 * gradients, the optimizer's state ({@code slots} arrays the size of the parameters) and the
 * buffers of a training chunk, of sampling and of validation. An estimate from the shapes
 * (every cell's recurrent weights are taken as gates x hidden), close enough to say whether a
 * run fits in the heap.
 */
public record MemoryEstimate(long parameters, long gradients, long optimizerState, long buffers) {

    /** The estimate for training {@code spec} on chunks of {@code seqLength} x {@code batch} with an optimizer of {@code slots} arrays per parameter. */
    public static MemoryEstimate training(ModelSpec spec, int seqLength, int batch, int slots) {
        long p = parameterCount(spec);
        long rows = (long) seqLength * batch;
        long g = gates(spec);
        long h = spec.hidden();
        long v = spec.vocab();
        // per layer: input projection, outputs and the cell's own caches (up to two of gate width)
        long chunk = rows * spec.layers() * (3 * g + h) + rows * v + rows * (h + g);
        long sampling = v * 2 + g + h;
        long validation = (long) Evaluator.CHUNK * (spec.layers() * (3 * g + h) + v + h + g);
        return new MemoryEstimate(p, p, p * slots, chunk + sampling + validation);
    }

    /** The estimate for using {@code spec} without training (sampling, evaluation). */
    public static MemoryEstimate inference(ModelSpec spec) {
        long p = parameterCount(spec);
        long g = gates(spec);
        long h = spec.hidden();
        long v = spec.vocab();
        long validation = (long) Evaluator.CHUNK * (spec.layers() * (3 * g + h) + v + h + g);
        return new MemoryEstimate(p, p, 0, validation + 2 * v);
    }

    /** Parameters of {@code spec}: input, recurrent and bias of every layer, and the output layer. */
    public static long parameterCount(ModelSpec spec) {
        // exact arithmetic: the shape may come from a corrupted file, and an overflow must not pass for a small model
        long g = gates(spec);
        long h = spec.hidden();
        long v = spec.vocab();
        long gh = Math.multiplyExact(g, h);
        long n = Math.addExact(Math.multiplyExact(v, g), Math.addExact(gh, g));
        n = Math.addExact(n, Math.multiplyExact(spec.layers() - 1L, Math.addExact(Math.multiplyExact(2, gh), g)));
        return Math.addExact(n, Math.addExact(Math.multiplyExact(v, h), v));
    }

    /** Gate width of the spec's cell: its gates per hidden unit (from a one-unit cell) times the hidden size. */
    private static long gates(ModelSpec spec) {
        Cell probe = Cells.create(spec.cell(), "probe", 1);
        return (long) probe.gates() * spec.hidden();
    }

    public long totalBytes() {
        return 4 * (parameters + gradients + optimizerState + buffers);
    }

    /** Fails with a message saying how much memory is needed when the heap cannot hold it. */
    public void require(String what) {
        Memory.require(totalBytes(), what + " (" + Memory.format(4 * parameters) + " of parameters, as much again for gradients"
                + (optimizerState > 0 ? ", " + Memory.format(4 * optimizerState) + " of optimizer state" : "")
                + ", " + Memory.format(4 * buffers) + " of buffers)");
    }
}
