package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive softmax inside a model: whichever clusters a chunk's targets fall in (none, one,
 * all), its loss is the reference equations' and its buffers carry nothing from one chunk to the
 * next, also when the cluster buffer has to grow; and it cannot be asked for the fused update.
 */
class AdaptiveSoftmaxTest {
    private static final int VOCAB = 40;
    private static final int HIDDEN = 12;
    private static final int STEPS = 5;
    private static final int BATCH = 3;
    /** Shortlist [0, 6), clusters [6, 15) and [15, 40). */
    private static final ModelSpec SPEC = new ModelSpec(CellType.LSTM, VOCAB, HIDDEN, 2, 0f).withEmbedding(7)
            .withAdaptiveSoftmax(new int[] {6, 15}, 2f);

    @Test
    void everyLayoutOfTargetsGivesTheReferenceLoss() {
        everyLayoutGivesTheReferenceLoss(STEPS, BATCH);
    }

    /** A chunk long enough that the head multiplies by its transposed weights. */
    @Test
    void longChunksToo() {
        assertTrue(30 * 10 >= AdaptiveSoftmax.TRANSPOSE_HEAD_ROWS);
        everyLayoutGivesTheReferenceLoss(30, 10);
    }

    private static void everyLayoutGivesTheReferenceLoss(int steps, int batch) {
        LanguageModel m = model();
        ReferenceModel ref = new ReferenceModel(m);
        int rows = steps * batch;
        int[] inputs = tokens(rows, 0, VOCAB, 1);
        List<int[]> layouts = List.of(
                tokens(rows, 0, 6, 2),       // shortlist only: no cluster is computed
                tokens(rows, 15, VOCAB, 3),  // every row in the largest cluster: the cluster buffer at its largest
                tokens(rows, 6, 15, 4),      // one small cluster
                tokens(rows, 0, VOCAB, 5),   // a mix
                tokens(rows, 0, 6, 2));      // back to none after the largest
        for (Kernels k : List.of(new ScalarKernels(), KernelsLoader.vector())) {
            ModelRun run = m.open(steps, batch);
            for (int[] targets : layouts) {
                float[][] state = m.newState(batch);
                double loss = run.forward(inputs, targets, steps, state, k);
                double expected = ref.loss(inputs, targets, steps, batch, m.newState(batch), null);
                assertEquals(expected, loss, 1e-5 * expected, k.name() + " targets in [" + min(targets) + ", " + max(targets) + "]");
            }
        }
    }

    /**
     * Large enough that the copies, clears and per-row passes are cut into parts across two
     * threads (ParallelKernels splits from 2^18 elements): the reference loss, and one thread's
     * gradients up to the rounding of products split across threads.
     */
    @Test
    void twoThreadsGiveTheReferenceLossAndOneThreadsGradients() {
        // the head's copy 2100 x 256, cluster 1's 9000 x 64: each over 2 x 2^18
        ModelSpec spec = new ModelSpec(CellType.RNN, 12_000, 256, 1, 0f).withEmbedding(16)
                .withAdaptiveSoftmax(new int[] {2100, 3000}, 2f);
        LanguageModel m = new LanguageModel(spec);
        m.initialize(new Rng(3));
        int steps = 30;
        int batch = 10;
        int rows = steps * batch;
        int[] inputs = tokens(rows, 0, 12_000, 9);
        int[] targets = tokens(rows, 0, 12_000, 10);
        double expected = new ReferenceModel(m).loss(inputs, targets, steps, batch, m.newState(batch), null);
        Kernels one = KernelsLoader.vector();
        m.open(steps, batch).forward(inputs, targets, steps, m.newState(batch), one);
        ModelRun single = m.open(steps, batch);
        single.forward(inputs, targets, steps, m.newState(batch), one);
        single.backward(0.1f, one);
        List<float[]> a = gradients(m);
        m.zeroGrad();
        try (ParallelKernels two = new ParallelKernels(one, 2)) {
            ModelRun run = m.open(steps, batch);
            double loss = run.forward(inputs, targets, steps, m.newState(batch), two);
            assertEquals(expected, loss, 1e-5 * expected, "loss on two threads");
            run.backward(0.1f, two);
        }
        List<float[]> b = gradients(m);
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i);
            float[] y = b.get(i);
            double d = 0;
            double n = 0;
            for (int j = 0; j < x.length; j++) {
                d += (x[j] - y[j]) * (double) (x[j] - y[j]);
                n += x[j] * (double) x[j];
            }
            assertTrue(n > 0, m.params().get(i).name() + " has gradient");
            assertTrue(Math.sqrt(d / n) < 1e-5, m.params().get(i).name() + ": relative difference " + Math.sqrt(d / n));
        }
    }

    @Test
    void aRunThatGrewItsBuffersGivesAFreshRunsGradientsBitForBit() {
        LanguageModel m = model();
        Kernels k = KernelsLoader.vector();
        int rows = STEPS * BATCH;
        int[] inputs = tokens(rows, 0, VOCAB, 6);
        int[] few = tokens(rows, 0, 6, 7);
        few[4] = 30;
        int[] many = tokens(rows, 6, VOCAB, 8);

        ModelRun used = m.open(STEPS, BATCH);
        used.forward(inputs, few, STEPS, m.newState(BATCH), k);
        used.backward(0.5f, k);
        m.zeroGrad();
        used.forward(inputs, many, STEPS, m.newState(BATCH), k);
        used.backward(0.5f, k);
        List<float[]> a = gradients(m);
        m.zeroGrad();
        ModelRun fresh = m.open(STEPS, BATCH);
        fresh.forward(inputs, many, STEPS, m.newState(BATCH), k);
        fresh.backward(0.5f, k);
        List<float[]> b = gradients(m);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), m.params().get(i).name());
        }
    }

    @Test
    void hasNoBlockWeightsForTheFusedUpdate() {
        LanguageModel m = model();
        assertNull(m.blockOutputWeight());
        assertNull(m.outWeight());
        LanguageModel tied = new LanguageModel(new ModelSpec(CellType.RNN, VOCAB, HIDDEN, 1, 0f).withEmbedding(HIDDEN)
                .withTiedWeights(true));
        assertNull(tied.blockOutputWeight(), "tied weights get the input's gradient after the output's");
        assertEquals(tied.embedding(), tied.outWeight());
        ModelRun run = m.open(1, 1);
        run.forward(new int[] {1}, new int[] {2}, 1, m.newState(1), new ScalarKernels());
        assertThrows(IllegalStateException.class, () -> run.backward(1f, new ScalarKernels(), (w, f, c, g, k) -> { }));
    }

    private static LanguageModel model() {
        LanguageModel m = new LanguageModel(SPEC);
        Rng rng = new Rng(21);
        for (Param p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.w()[i] = (float) (rng.nextGaussian() * 0.5);
            }
        }
        return m;
    }

    private static List<float[]> gradients(LanguageModel m) {
        List<float[]> g = new ArrayList<>();
        for (Param p : m.params()) {
            g.add(p.g().clone());
        }
        return g;
    }

    private static int[] tokens(int n, int from, int to, long seed) {
        Rng rng = new Rng(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + rng.nextInt(to - from);
        }
        return t;
    }

    private static int min(int[] a) {
        int m = Integer.MAX_VALUE;
        for (int x : a) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static int max(int[] a) {
        int m = Integer.MIN_VALUE;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}
