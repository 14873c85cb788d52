package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first three steps of every optimizer against {@link TorchReference}: numbers from
 * torch.optim (and, for the seed's Adagrad, from its formula by hand), computed in float64 by
 * optimizers/src/test/python/reference_steps.py. Weights after every step and the state after
 * the last one must agree to float32 rounding.
 */
class ReferenceStepsTest {

    /** Float32 rounding over three steps stays far below this; a 0.1% change of lr does not. */
    private static final double REL_TOL = 2e-6;

    static Stream<Arguments> cases() {
        return Steps.kernels().flatMap(k -> Stream.of(TorchReference.CASES).map(c -> Arguments.of(c.name(), c, k)));
    }

    private static Param run(TorchReference.Case c, Optimizer opt, Kernels k, double lrScale, double[][] weightsOut) {
        Param p = new Param("w", 2, 3, false);
        System.arraycopy(TorchReference.W0, 0, p.w(), 0, p.size());
        for (int t = 0; t < TorchReference.GRADS.length; t++) {
            System.arraycopy(TorchReference.GRADS[t], 0, p.g(), 0, p.size());
            opt.step(List.of(p), (float) (c.lr() * TorchReference.LR_FACTORS[t] * lrScale), k);
            for (int i = 0; i < p.size(); i++) {
                weightsOut[t][i] = p.w()[i];
            }
        }
        return p;
    }

    private static double error(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(1e-3, Math.abs(expected));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void firstStepsMatchTheReference(String name, TorchReference.Case c, Kernels k) {
        Optimizer opt = Steps.create(c.optimizer(), c.options());
        double[][] got = new double[c.weights().length][6];
        run(c, opt, k, 1, got);
        for (int t = 0; t < got.length; t++) {
            for (int i = 0; i < 6; i++) {
                double e = c.weights()[t][i];
                assertTrue(error(got[t][i], e) <= REL_TOL,
                        name + ": w[" + i + "] after step " + (t + 1) + " is " + got[t][i] + ", reference " + e);
            }
        }
        OptimizerState s = opt.state();
        assertEquals(3, s.steps());
        TreeSet<String> expectedKeys = new TreeSet<>();
        c.state().keySet().forEach(slot -> expectedKeys.add("w/" + slot));
        assertEquals(expectedKeys, new TreeSet<>(s.arrays().keySet()), name + ": state arrays");
        for (Map.Entry<String, double[]> e : c.state().entrySet()) {
            float[] a = s.arrays().get("w/" + e.getKey());
            for (int i = 0; i < 6; i++) {
                assertTrue(error(a[i], e.getValue()[i]) <= REL_TOL,
                        name + ": " + e.getKey() + "[" + i + "] is " + a[i] + ", reference " + e.getValue()[i]);
            }
        }
    }

    /** The tolerance is tight enough to notice a learning rate 0.1% off. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void aSlightlyDifferentRateIsNoticed(String name, TorchReference.Case c, Kernels k) {
        double[][] got = new double[c.weights().length][6];
        run(c, Steps.create(c.optimizer(), c.options()), k, 1.001, got);
        double worst = 0;
        for (int t = 0; t < got.length; t++) {
            for (int i = 0; i < 6; i++) {
                worst = Math.max(worst, error(got[t][i], c.weights()[t][i]));
            }
        }
        assertTrue(worst > REL_TOL, name + ": worst relative error " + worst);
    }
}
