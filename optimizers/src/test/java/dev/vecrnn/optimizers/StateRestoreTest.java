package dev.vecrnn.optimizers;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * N steps, save the state, restore it into a fresh optimizer, M more steps: the same weights,
 * bit for bit, as N + M steps in one go. Directly and through a checkpoint file.
 */
class StateRestoreTest {
    private static final int N = 4;
    private static final int M = 3;
    private static final int VOCAB = 23;

    static Stream<Arguments> configurations() {
        return Steps.configurations().map(c -> Arguments.of(c[0], c[1]));
    }

    private static LanguageModel model() {
        LanguageModel m = new LanguageModel(ModelSpec.rnn(VOCAB, 7));
        m.initialize(new Rng(3));
        return m;
    }

    /** Step {@code step}'s gradients: random, the input table only in a few rows, as after a real chunk. */
    private static void gradients(LanguageModel m, int step) {
        m.zeroGrad();
        long seed = 1000 + step * 31L;
        for (Param p : m.params()) {
            Steps.gradient(p, p.sparse() ? new int[] {step % VOCAB, (step * 7 + 3) % VOCAB} : null, seed++);
        }
    }

    /** A decaying learning rate, as a schedule gives, so that a restore must not depend on it. */
    private static float lr(int step) {
        return (float) (0.02 * Math.pow(0.9, step));
    }

    private static void steps(LanguageModel m, Optimizer opt, int from, int to, Kernels k) {
        for (int s = from; s < to; s++) {
            gradients(m, s);
            opt.step(m.params(), lr(s), k);
        }
    }

    private static void assertSameWeights(LanguageModel expected, LanguageModel actual, String what) {
        for (Param p : expected.params()) {
            assertArrayEquals(p.w(), actual.param(p.name()).w(), what + ": " + p.name());
        }
    }

    private static void assertSameState(OptimizerState expected, OptimizerState actual, String what) {
        assertEquals(expected.steps(), actual.steps(), what + ": steps");
        assertEquals(expected.arrays().keySet(), actual.arrays().keySet(), what + ": arrays");
        expected.arrays().forEach((k, v) -> assertArrayEquals(v, actual.arrays().get(k), what + ": " + k));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void restoredRunContinuesExactly(String name, String options) {
        Kernels k = new ScalarKernels();
        LanguageModel oneGo = model();
        Optimizer a = Steps.create(name, options);
        steps(oneGo, a, 0, N + M, k);

        LanguageModel resumed = model();
        Optimizer first = Steps.create(name, options);
        steps(resumed, first, 0, N, k);
        OptimizerState saved = first.state();
        assertEquals(N, saved.steps());
        Optimizer second = Steps.create(name, options);
        second.restore(saved);
        steps(resumed, second, N, N + M, k);

        assertSameWeights(oneGo, resumed, name + " " + options);
        assertSameState(a.state(), second.state(), name + " " + options);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configurations")
    void restoredFromACheckpointFileContinuesExactly(String name, String options, @TempDir Path dir) {
        Kernels k = new ScalarKernels();
        LanguageModel oneGo = model();
        Optimizer a = Steps.create(name, options);
        steps(oneGo, a, 0, N + M, k);

        LanguageModel before = model();
        Optimizer first = Steps.create(name, options);
        steps(before, first, 0, N, k);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < VOCAB; i++) {
            pieces.add(Character.toString('a' + i));
        }
        Map<String, String> opts = new HashMap<>();
        for (String kv : options.isBlank() ? new String[0] : options.split(" ")) {
            opts.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Path file = dir.resolve("run.vrnn");
        new Checkpoint(before, new Vocabulary(pieces), "char", Map.of(), name, opts, first.state(),
                new TrainState(0, before.newState(1), 0), Map.of()).write(file);

        Checkpoint cp = Checkpoint.read(file);
        assertEquals(name, cp.optimizer);
        assertEquals(opts, cp.optimizerOptions);
        Optimizer second = Steps.create(cp.optimizer, options);
        second.restore(cp.optimizerState);
        steps(cp.model, second, N, N + M, k);

        assertSameWeights(oneGo, cp.model, name + " " + options + " via " + file.getFileName());
        assertSameState(a.state(), second.state(), name + " " + options + " via " + file.getFileName());
    }

    @Test
    void aSavedStateIsASnapshot() {
        LanguageModel m = model();
        Optimizer opt = Steps.create("adam", "");
        steps(m, opt, 0, 2, new ScalarKernels());
        OptimizerState s = opt.state();
        Map<String, float[]> copy = new HashMap<>();
        s.arrays().forEach((key, v) -> copy.put(key, v.clone()));
        steps(m, opt, 2, 4, new ScalarKernels());
        assertEquals(2, s.steps());
        copy.forEach((key, v) -> assertArrayEquals(v, s.arrays().get(key), key + " changed after the state was taken"));

        // restoring one state into two optimizers gives each its own arrays
        Optimizer x = Steps.create("adam", "");
        Optimizer y = Steps.create("adam", "");
        x.restore(s);
        y.restore(s);
        LanguageModel mx = model();
        steps(mx, x, 2, 3, new ScalarKernels());
        copy.forEach((key, v) -> assertArrayEquals(v, s.arrays().get(key), key + " changed by a restored optimizer"));
        LanguageModel my = model();
        steps(my, y, 2, 3, new ScalarKernels());
        assertSameWeights(mx, my, "two optimizers restored from one state");
    }

    @Test
    void aStateOfAnotherOptimizerIsRefused() {
        Optimizer adagrad = Steps.create("adagrad", "");
        steps(model(), adagrad, 0, 1, new ScalarKernels());
        VecrnnException e = assertThrows(VecrnnException.class, () -> Steps.create("adam", "").restore(adagrad.state()));
        assertTrue(e.getMessage().contains("which adam does not keep (it keeps m, v)"), e.getMessage());

        Optimizer momentum = Steps.create("sgd", "momentum=0.9");
        steps(model(), momentum, 0, 1, new ScalarKernels());
        e = assertThrows(VecrnnException.class, () -> Steps.create("sgd", "").restore(momentum.state()));
        assertTrue(e.getMessage().contains("which sgd does not keep (it keeps nothing)"), e.getMessage());

        // the other way round: plain SGD saved no momentum, so momentum SGD cannot continue it
        Optimizer plain = Steps.create("sgd", "");
        steps(model(), plain, 0, 2, new ScalarKernels());
        Optimizer withMomentum = Steps.create("sgd", "momentum=0.9");
        withMomentum.restore(plain.state());
        e = assertThrows(VecrnnException.class, () -> withMomentum.step(model().params(), 0.01f, new ScalarKernels()));
        assertTrue(e.getMessage().startsWith("the saved sgd state has no 'layer0.input/momentum' although it took 2 steps"),
                e.getMessage());
    }

    @Test
    void aStateOfAnotherModelIsRefused() {
        Optimizer rms = Steps.create("rmsprop", "");
        steps(model(), rms, 0, 2, new ScalarKernels());
        OptimizerState s = rms.state();

        // a different vocabulary: the input table and output layer have other sizes
        LanguageModel bigger = new LanguageModel(ModelSpec.rnn(VOCAB + 1, 7));
        Optimizer other = Steps.create("rmsprop", "");
        other.restore(s);
        // the bias fits, the output layer does not: the step is refused before the bias moves
        Param bias = bigger.param("layer0.bias");
        Steps.gradient(bias, null, 5);
        float[] biasBefore = bias.w().clone();
        VecrnnException e = assertThrows(VecrnnException.class,
                () -> other.step(List.of(bias, bigger.param("output.weight")), 0.01f, new ScalarKernels()));
        assertArrayEquals(biasBefore, bias.w(), "no weight changes in a refused step");
        assertTrue(e.getMessage().endsWith("resume with the model, optimizer and options the checkpoint was written with"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'output.weight/ms' has 161 values but output.weight has 168"), e.getMessage());

        // a parameter the saved state does not have, after steps were taken
        Map<String, float[]> partial = new HashMap<>(s.arrays());
        partial.remove("output.bias/ms");
        Optimizer third = Steps.create("rmsprop", "");
        third.restore(new OptimizerState(2, partial));
        e = assertThrows(VecrnnException.class, () -> third.step(model().params(), 0.01f, new ScalarKernels()));
        assertTrue(e.getMessage().contains("has no 'output.bias/ms' although it took 2 steps"), e.getMessage());
    }
}
