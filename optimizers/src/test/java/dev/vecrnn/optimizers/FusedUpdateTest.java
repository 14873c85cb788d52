package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Parameter;
import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.GradientStep;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training steps with the output layer fused (its weights clipped and updated block by block
 * inside the backward) give the weights and optimizer state of the plain steps (whole gradients,
 * clipped, then {@link Optimizer#step}): bit for bit, on one thread and on two, for every
 * built-in optimizer, with element clipping and none, batch 1 and 3, rnn and lstm. The plain
 * path is what a plugin optimizer without block updates gets; here it is the same optimizer
 * behind a wrapper that hides {@link Optimizer#beginBlockStep}.
 */
class FusedUpdateTest {
    private static final int HIDDEN = 16;
    private static final int STEPS = 5;
    private static final int ITERATIONS = 3;
    /** Three blocks of output rows, the last one short. */
    private static final int VOCAB = 300;
    /** Small enough that the gradients of this model are clipped. */
    private static final double CLIP = 0.05;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Steps.configurations().forEach(c -> {
            for (boolean clip : new boolean[] {true, false}) {
                for (int batch : new int[] {1, 3}) {
                    for (String cell : List.of("rnn", "lstm")) {
                        cases.add(Arguments.of(c[0], c[1], clip, batch, cell));
                    }
                }
            }
        });
        return cases.stream();
    }

    /** The same optimizer without the block capability, as a third-party plugin may be. */
    static Optimizer withoutBlocks(Optimizer o) {
        return new Optimizer() {
            @Override
            public int stateSlots() {
                return o.stateSlots();
            }

            @Override
            public void step(List<? extends Parameter> params, float lr, VectorOps k) {
                o.step(params, lr, k);
            }

            @Override
            public OptimizerState state() {
                return o.state();
            }

            @Override
            public void restore(OptimizerState state) {
                o.restore(state);
            }
        };
    }

    /** A model trained for a few iterations on fixed random chunks. */
    private static final class Run {
        final LanguageModel model;
        final Optimizer optimizer;
        final GradientStep step;

        Run(String cell, int vocab, int batch, Optimizer optimizer, Clipping clipping, Kernels k) {
            this(new ModelSpec(cell, vocab, HIDDEN, 1, 0f), batch, optimizer, clipping, k);
        }

        Run(ModelSpec spec, int batch, Optimizer optimizer, Clipping clipping, Kernels k) {
            int vocab = spec.vocab();
            model = new LanguageModel(spec);
            model.initialize(new Rng(3));
            this.optimizer = optimizer;
            step = new GradientStep(model, optimizer, clipping);
            ModelRun run = model.open(STEPS, batch);
            float[][] state = model.newState(batch);
            Rng data = new Rng(17);
            int[] inputs = new int[STEPS * batch];
            int[] targets = new int[STEPS * batch];
            model.zeroGrad();
            for (int it = 0; it < ITERATIONS; it++) {
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = data.nextInt(vocab);
                    targets[i] = data.nextInt(vocab);
                }
                run.forward(inputs, targets, STEPS, state, k);
                step.run(run, 1f / batch, 0.05f, k);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} clip={2} batch {3} {4}")
    @MethodSource("cases")
    void fusedStepsGiveThePlainStepsBitForBit(String name, String options, boolean clip, int batch, String cell) {
        Clipping clipping = clip ? Clipping.value(CLIP) : Clipping.none();
        for (Kernels k : Steps.kernels().toList()) {
            String what = name + " " + options + " clip=" + clip + " batch " + batch + " " + cell + " " + k.name();
            Run plain = new Run(cell, VOCAB, batch, withoutBlocks(Steps.create(name, options)), clipping, k);
            Run fused = new Run(cell, VOCAB, batch, Steps.create(name, options), clipping, k);
            assertFalse(plain.step.fused(), what);
            assertTrue(fused.step.fused(), what);
            assertSameWeights(plain.model, fused.model, what);
            assertSameState(plain.optimizer.state(), fused.optimizer.state(), what);
            assertEquals(ITERATIONS, fused.optimizer.state().steps(), what + ": one step per iteration");
            for (Param p : fused.model.params()) {
                for (float g : p.g()) {
                    assertEquals(0f, g, what + ": " + p.name() + "'s gradient is cleared for the next iteration");
                }
            }
        }
    }

    @Test
    void elementClippingIsAppliedToTheBlocks() {
        // without it the weights come out otherwise: the clipping above is not idle
        Kernels k = KernelsLoader.get();
        Run clipped = new Run("rnn", VOCAB, 1, Steps.create("sgd", ""), Clipping.value(CLIP), k);
        Run free = new Run("rnn", VOCAB, 1, Steps.create("sgd", ""), Clipping.none(), k);
        float[] a = clipped.model.outWeight().w();
        float[] b = free.model.outWeight().w();
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            differ += a[i] != b[i] ? 1 : 0;
        }
        assertTrue(differ > 0, "clipping at " + CLIP + " changed no output weight");
    }

    @Test
    void globalNormClippingAndPluginsWithoutBlocksTakeThePlainPath() {
        Kernels k = KernelsLoader.get();
        Run norm = new Run("rnn", VOCAB, 1, Steps.create("adam", ""), Clipping.norm(1), k);
        assertFalse(norm.step.fused(), "the global norm needs every gradient before any update");
        Run plugin = new Run("rnn", VOCAB, 1, withoutBlocks(Steps.create("adam", "")), Clipping.value(5), k);
        assertFalse(plugin.step.fused());
        Run builtIn = new Run("rnn", VOCAB, 1, Steps.create("adam", ""), Clipping.value(5), k);
        assertTrue(builtIn.step.fused());
        assertEquals(ITERATIONS, norm.optimizer.state().steps());
    }

    /**
     * The adaptive softmax's weights are not one V x H matrix, and tied weights get the input's
     * gradient after the output's: both take the plain path, with every built-in optimizer.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void adaptiveAndTiedModelsTakeThePlainPath(String name, String options) {
        Kernels k = KernelsLoader.get();
        ModelSpec base = new ModelSpec("lstm", VOCAB, HIDDEN, 1, 0f).withEmbedding(HIDDEN);
        for (ModelSpec spec : List.of(base.withAdaptiveSoftmax(new int[] {20, 100}, 4f),
                base.withTiedWeights(true), base.withAdaptiveSoftmax(new int[] {20}, 2f).withTiedWeights(true))) {
            Clipping clipping = Clipping.value(CLIP);
            Run plain = new Run(spec, 3, withoutBlocks(Steps.create(name, options)), clipping, k);
            Run builtIn = new Run(spec, 3, Steps.create(name, options), clipping, k);
            assertFalse(builtIn.step.fused(), spec.toString());
            assertSameWeights(plain.model, builtIn.model, name + " " + spec);
            assertSameState(plain.optimizer.state(), builtIn.optimizer.state(), name + " " + spec);
            for (Param p : builtIn.model.params()) {
                for (float g : p.g()) {
                    assertEquals(0f, g, spec + ": " + p.name() + "'s gradient is cleared for the next iteration");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optimizers")
    void twoThreadsGiveThePlainStepsBitForBit(String name, String options) {
        // enough output rows for one part of blocks per thread; with batch 3 the plain products
        // are large enough to be split across the threads too
        int vocab = 1100;
        for (Kernels inner : Steps.kernels().toList()) {
            try (ParallelKernels two = new ParallelKernels(inner, 2)) {
                for (boolean clip : new boolean[] {true, false}) {
                    for (int batch : new int[] {1, 3}) {
                        Clipping clipping = clip ? Clipping.value(CLIP) : Clipping.none();
                        String what = name + " " + options + " clip=" + clip + " batch " + batch + " " + two.name();
                        Run plain = new Run("rnn", vocab, batch, withoutBlocks(Steps.create(name, options)), clipping, two);
                        Run fused = new Run("rnn", vocab, batch, Steps.create(name, options), clipping, two);
                        assertTrue(fused.step.fused(), what);
                        assertSameWeights(plain.model, fused.model, what);
                        assertSameState(plain.optimizer.state(), fused.optimizer.state(), what);
                    }
                }
            }
        }
    }

    static Stream<Arguments> optimizers() {
        return Steps.configurations().map(c -> Arguments.of(c[0], c[1]));
    }

    private static void assertSameWeights(LanguageModel a, LanguageModel b, String what) {
        for (int i = 0; i < a.params().size(); i++) {
            Param p = a.params().get(i);
            assertArrayEquals(p.w(), b.params().get(i).w(), what + ": " + p.name());
        }
    }

    private static void assertSameState(OptimizerState a, OptimizerState b, String what) {
        assertEquals(a.steps(), b.steps(), what + ": steps");
        assertEquals(a.arrays().keySet(), b.arrays().keySet(), what + ": state arrays");
        for (Map.Entry<String, float[]> e : a.arrays().entrySet()) {
            assertArrayEquals(e.getValue(), b.arrays().get(e.getKey()), what + ": " + e.getKey());
        }
    }
}
