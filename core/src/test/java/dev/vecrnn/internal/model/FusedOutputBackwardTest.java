package dev.vecrnn.internal.model;

import dev.vecrnn.internal.kernel.ForwardingKernels;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused output backward ({@link ModelRun#backward(float, Kernels, OutputRowSink)}) against
 * the plain one: the same gradients, the output weights' handed over in blocks that cover every
 * row once; bit for bit, on one thread and on two.
 */
class FusedOutputBackwardTest {
    private static final int HIDDEN = 24;
    private static final int STEPS = 6;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Kernels k : List.of(new ScalarKernels(), KernelsLoader.vector())) {
            for (String cell : List.of("rnn", "lstm")) {
                for (int batch : new int[] {1, 3}) {
                    // below one block, exactly one, and several with a short last one
                    for (int vocab : new int[] {65, FusedOutputBackward.BLOCK_ROWS, 300}) {
                        cases.add(Arguments.of(k, cell, batch, vocab));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** One model, chunk and gradient computation, and what the sink received. */
    private static final class Pass {
        final LanguageModel model;
        final float[] outputGrad;
        final int[] seen;
        /** The kernels the sink was handed: one object per part. */
        final Set<Kernels> partKernels = ConcurrentHashMap.newKeySet();

        /** Forward and backward, plain ({@code fused} false) or fused; the fused sink wrecks each block's weights after taking its gradient. */
        Pass(String cell, int vocab, int batch, boolean fused, Kernels k) {
            model = new LanguageModel(new ModelSpec(cell, vocab, HIDDEN, cell.equals("lstm") ? 2 : 1, 0f));
            model.initialize(new Rng(5));
            Rng data = new Rng(11);
            int[] inputs = new int[STEPS * batch];
            int[] targets = new int[STEPS * batch];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = data.nextInt(vocab);
                targets[i] = data.nextInt(vocab);
            }
            ModelRun run = model.open(STEPS, batch);
            run.forward(inputs, targets, STEPS, model.newState(batch), k);
            model.zeroGrad();
            seen = new int[vocab];
            if (!fused) {
                run.backward(1f / batch, k);
                outputGrad = model.outWeight().g().clone();
                return;
            }
            outputGrad = new float[vocab * HIDDEN];
            run.backward(1f / batch, k, (w, first, count, grad, kk) -> {
                partKernels.add(kk);
                System.arraycopy(grad, 0, outputGrad, first * HIDDEN, count * HIDDEN);
                for (int r = first; r < first + count; r++) {
                    seen[r]++;
                }
                // the sink may change the rows it was given: their old values must have been used already
                Arrays.fill(w.w(), first * HIDDEN, (first + count) * HIDDEN, Float.NaN);
                Arrays.fill(grad, Float.NaN);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oneThreadGivesThePlainGradientsBitForBit(Kernels k, String cell, int batch, int vocab) {
        Pass plain = new Pass(cell, vocab, batch, false, k);
        Pass fused = new Pass(cell, vocab, batch, true, k);
        String what = k.name() + " " + cell + " batch " + batch + " vocab " + vocab;
        for (int r = 0; r < vocab; r++) {
            assertEquals(1, fused.seen[r], what + ": row " + r + " handed over once");
        }
        assertArrayEquals(plain.outputGrad, fused.outputGrad, what + ": output weights");
        assertTrue(!allZero(plain.outputGrad), what + ": an all-zero gradient would prove nothing");
        for (int i = 0; i < plain.model.params().size(); i++) {
            Param p = plain.model.params().get(i);
            Param f = fused.model.params().get(i);
            if (p != plain.model.outWeight()) {
                assertArrayEquals(p.g(), f.g(), what + ": " + p.name());
            } else {
                assertTrue(allZero(f.g()), what + ": the fused pass leaves the output weights' own gradient alone");
            }
        }
    }

    @Test
    void twoThreadsShareTheBlocksAndGiveThePlainGradientsBitForBit() {
        // enough blocks for each thread's part to be worth a hand-off
        int vocab = FusedOutputBackward.BLOCK_ROWS * 32 + 77;
        for (Kernels inner : List.of(new ScalarKernels(), KernelsLoader.vector())) {
            try (ParallelKernels two = new ParallelKernels(inner, 2)) {
                for (int batch : new int[] {1, 3}) {
                    String what = two.name() + " batch " + batch;
                    Pass plain = new Pass("rnn", vocab, batch, false, two);
                    // through a decorator, as a caller that wraps the kernels would: it must still split the blocks
                    Pass fused = new Pass("rnn", vocab, batch, true, new PartTagger(two));
                    assertEquals(2, fused.partKernels.size(), what + ": the blocks were cut into one part per thread");
                    for (int r = 0; r < vocab; r++) {
                        assertEquals(1, fused.seen[r], what + ": row " + r + " handed over once");
                    }
                    assertArrayEquals(plain.outputGrad, fused.outputGrad, what + ": output weights");
                    List<Param> ps = plain.model.params();
                    for (int i = 0; i < ps.size(); i++) {
                        Param p = ps.get(i);
                        if (p != plain.model.outWeight()) {
                            assertArrayEquals(p.g(), fused.model.params().get(i).g(), what + ": " + p.name());
                        }
                    }
                }
            }
        }
    }

    /** Passes everything on; each part of forEachPart gets kernels of its own, so that a sink can tell the parts apart. */
    private static final class PartTagger extends ForwardingKernels {
        PartTagger(Kernels inner) {
            super(inner);
        }

        @Override
        protected Kernels decorate(Kernels partKernels) {
            return new PartTagger(partKernels);
        }
    }

    private static boolean allZero(float[] x) {
        for (float v : x) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }
}
