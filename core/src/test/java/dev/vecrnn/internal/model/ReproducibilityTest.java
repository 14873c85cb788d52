package dev.vecrnn.internal.model;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.TrainState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixed seed and thread count give the same run bit for bit, with dropout on and products big
 * enough to be split over 2 threads; and a run stopped half way, saved to a model file and
 * resumed ends with the same weights as one that went straight through.
 */
class ReproducibilityTest {
    private static final int STEPS = 8;
    private static final int BATCH = 64;
    private static final int HIDDEN = 96;
    private static ParallelKernels twoThreads;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        twoThreads = new ParallelKernels(new ScalarKernels(), 2);
    }

    @AfterAll
    static void close() {
        twoThreads.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "lstm", "gru"})
    void sameSeedAndThreadsSameBits(String cell) {
        // the products of a step must really be split over the 2 threads: B x G x H is at least
        // 64 x 96 x 96 = 589,824 multiply-adds, above twice ParallelKernels' hand-off size (2^18)
        int[] ids = TestTraining.corpus(4000, 1);
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        List<Double> la = run(cell, ids, twoThreads, a);
        List<Double> lb = run(cell, ids, twoThreads, b);
        assertEquals(la, lb, "loss curves");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "parameter " + i);
        }
        // dropout masks come from the run's generator: another generator seed changes the run
        LanguageModel m = TestTraining.model(cell, HIDDEN, 2, 0.3f, 5);
        TrainState other = TestTraining.state(m, BATCH, STEPS, 99);
        List<Double> lc = TestTraining.train(m, new TestTraining.Adam(), twoThreads, TestTraining.config(STEPS, BATCH, 12), ids, other);
        assertFalse(la.equals(lc), "a different dropout stream must give a different run");
        assertTrue(la.get(la.size() - 1) < la.get(0) * 0.9, "the run learns: " + la);
    }

    private static List<Double> run(String cell, int[] ids, Kernels k, List<float[]> weights) {
        LanguageModel m = TestTraining.model(cell, HIDDEN, 2, 0.3f, 5);
        List<Double> losses = TestTraining.train(m, new TestTraining.Adam(), k, TestTraining.config(STEPS, BATCH, 12), ids,
                TestTraining.state(m, BATCH, STEPS, 7));
        for (Param p : m.params()) {
            weights.add(p.w().clone());
        }
        return losses;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "words"})
    void resumeFromModelFileContinuesExactly(String cell) {
        int[] ids = TestTraining.corpus(3000, 2);
        int batch = 4;
        // straight through: 2N iterations (the data wraps, so state resets are covered too)
        LanguageModel whole = model(cell);
        TrainState ws = TestTraining.state(whole, batch, STEPS, 11);
        List<Double> wl = TestTraining.train(whole, new TestTraining.Adam(), twoThreads,
                TestTraining.config(STEPS, batch, 120), ids, ws);

        // N, written to a model file, read back, N more
        LanguageModel half = model(cell);
        TrainState hs = TestTraining.state(half, batch, STEPS, 11);
        TestTraining.Adam opt = new TestTraining.Adam();
        List<Double> hl = new ArrayList<>(TestTraining.train(half, opt, twoThreads, TestTraining.config(STEPS, batch, 60), ids, hs));
        Path file = dir.resolve("half.vrnn");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < TestTraining.VOCAB; i++) {
            pieces.add("t" + i);
        }
        new Checkpoint(half, new Vocabulary(pieces), "char", Map.of(), "adam", Map.of(), opt.state(), hs, Map.of()).write(file);
        Checkpoint cp = Checkpoint.read(file);
        TestTraining.Adam resumed = new TestTraining.Adam();
        resumed.restore(cp.optimizerState);
        hl.addAll(TestTraining.train(cp.model, resumed, twoThreads, TestTraining.config(STEPS, batch, 120), ids, cp.state));

        assertEquals(wl, hl, "loss curves");
        for (Param p : whole.params()) {
            assertArrayEquals(p.w(), cp.model.param(p.name()).w(), p.name());
        }
    }

    /** An lstm or gru, or "words": an lstm with word vectors tied to an adaptive softmax. */
    private static LanguageModel model(String cell) {
        if (!cell.equals("words")) {
            return TestTraining.model(cell, 16, 2, 0.25f, 3);
        }
        LanguageModel m = new LanguageModel(new ModelSpec("lstm", TestTraining.VOCAB, 16, 2, 0.25f).withEmbedding(16)
                .withAdaptiveSoftmax(new int[] {4, 8}, 2f).withTiedWeights(true));
        m.initialize(new dev.vecrnn.internal.util.Rng(3));
        return m;
    }
}
