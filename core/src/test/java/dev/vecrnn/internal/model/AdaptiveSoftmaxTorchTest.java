package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AdaptiveSoftmax} on PyTorch's weights gives PyTorch's numbers: the loss, the
 * log-probability of every token of every row (from the sampling path), and the gradients of
 * the mean loss with respect to every weight and to the hidden states. The constants were made
 * once by {@code tools/torch-adaptive-reference.py} (nn.AdaptiveLogSoftmaxWithLoss in float64 on
 * float32 weights) and are kept in {@code torch-adaptive-softmax.txt}; this test needs no Python.
 */
class AdaptiveSoftmaxTorchTest {
    /** float32 arithmetic against float64 references of size ~1..10 */
    private static final double TOLERANCE = 2e-5;

    @Test
    void matchesPyTorchOnFixedWeights() throws IOException {
        List<Case> cases = Case.load();
        assertEquals(2, cases.size(), "both cases of the resource were read");
        for (Kernels k : List.of(new ScalarKernels(), KernelsLoader.vector())) {
            for (Case c : cases) {
                check(c, k);
            }
        }
    }

    private static void check(Case c, Kernels k) {
        String what = c.name + " with " + k.name();
        ModelSpec spec = new ModelSpec(CellType.RNN, c.classes, c.features, 1, 0f).withAdaptiveSoftmax(c.cutoffs, c.divValue);
        AdaptiveSoftmax layer = new AdaptiveSoftmax(spec, null);
        int shortlist = c.cutoffs[0];
        float[] head = c.floats("head.weight");
        set(layer, "output.shortlist", head, 0);
        set(layer, "output.clusters", head, shortlist * c.features);
        for (int i = 0; i < c.cutoffs.length; i++) {
            set(layer, "output.tail" + i + ".projection", c.floats("tail." + i + ".0.weight"), 0);
            set(layer, "output.tail" + i + ".weight", c.floats("tail." + i + ".1.weight"), 0);
        }
        float[] input = c.floats("input");
        OutputLayer.Run run = layer.open(c.rows);
        double loss = run.forward(input, c.targets, c.rows, k) / c.rows;
        assertEquals(c.loss, loss, TOLERANCE * Math.abs(c.loss), what + ": mean loss");

        // every token of every row, through the path sampling uses
        double[] logProb = c.arrays.get("log_prob");
        double[] output = c.arrays.get("output");
        OutputLayer.Run one = layer.open(1);
        float[] row = new float[c.features];
        for (int r = 0; r < c.rows; r++) {
            System.arraycopy(input, r * c.features, row, 0, c.features);
            float[] scores = one.scores(row, k);
            for (int v = 0; v < c.classes; v++) {
                double expected = logProb[r * c.classes + v];
                assertEquals(expected, scores[v], TOLERANCE * Math.max(1, Math.abs(expected)),
                        what + ": log p(" + v + ") of row " + r);
            }
            assertEquals(output[r], scores[c.targets[r]], TOLERANCE * Math.abs(output[r]), what + ": row " + r + "'s target");
        }

        // the gradients of the mean loss
        for (Param p : layer.params()) {
            java.util.Arrays.fill(p.g(), 0f);
        }
        float[] dInput = new float[input.length];
        run.backward(1f / c.rows, dInput, k, null);
        double[] headGrad = c.arrays.get("grad.head.weight");
        assertClose(headGrad, 0, param(layer, "output.shortlist").g(), what + ": shortlist gradient");
        assertClose(headGrad, shortlist * c.features, param(layer, "output.clusters").g(), what + ": cluster entries' gradient");
        for (int i = 0; i < c.cutoffs.length; i++) {
            assertClose(c.arrays.get("grad.tail." + i + ".0.weight"), 0, param(layer, "output.tail" + i + ".projection").g(),
                    what + ": tail " + i + " projection gradient");
            assertClose(c.arrays.get("grad.tail." + i + ".1.weight"), 0, param(layer, "output.tail" + i + ".weight").g(),
                    what + ": tail " + i + " weight gradient");
        }
        assertClose(c.arrays.get("grad.input"), 0, dInput, what + ": hidden states' gradient");
    }

    private static void assertClose(double[] expected, int from, float[] actual, String what) {
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected[from + i]));
        }
        assertTrue(scale > 1e-3, what + ": an all-zero reference would prove nothing");
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[from + i], actual[i], TOLERANCE * scale, what + "[" + i + "]");
        }
    }

    private static Param param(AdaptiveSoftmax layer, String name) {
        for (Param p : layer.params()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + layer.params());
    }

    private static void set(AdaptiveSoftmax layer, String name, float[] values, int from) {
        Param p = param(layer, name);
        System.arraycopy(values, from, p.w(), 0, p.size());
    }

    /** One case of the resource file (format in the script that writes it). */
    private static final class Case {
        String name;
        int features;
        int classes;
        int rows;
        float divValue;
        int[] cutoffs;
        int[] targets;
        double loss = Double.NaN;
        final Map<String, double[]> arrays = new HashMap<>();

        float[] floats(String array) {
            double[] d = arrays.get(array);
            assertNotNull(d, name + " has no array " + array);
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
                assertEquals(d[i], f[i], 0.0, "weights are float32 values, written exactly");
            }
            return f;
        }

        static List<Case> load() throws IOException {
            List<Case> cases = new ArrayList<>();
            try (InputStream in = AdaptiveSoftmaxTorchTest.class.getResourceAsStream("torch-adaptive-softmax.txt")) {
                assertNotNull(in, "the resource torch-adaptive-softmax.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Case c = null;
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.trim().split(" ");
                    switch (f[0]) {
                        case "case" -> {
                            c = new Case();
                            c.name = f[1];
                        }
                        case "sizes" -> {
                            c.features = Integer.parseInt(f[1]);
                            c.classes = Integer.parseInt(f[2]);
                            c.rows = Integer.parseInt(f[3]);
                            c.divValue = Float.parseFloat(f[4]);
                        }
                        case "cutoffs" -> c.cutoffs = ints(f);
                        case "targets" -> c.targets = ints(f);
                        case "array" -> {
                            int n = Integer.parseInt(f[2]) * Integer.parseInt(f[3]);
                            assertEquals(n + 4, f.length, "values of " + f[1]);
                            double[] a = new double[n];
                            for (int i = 0; i < n; i++) {
                                a[i] = Double.parseDouble(f[4 + i]);
                            }
                            c.arrays.put(f[1], a);
                        }
                        case "loss" -> c.loss = Double.parseDouble(f[1]);
                        case "end" -> cases.add(c);
                        default -> throw new AssertionError("unknown line: " + f[0]);
                    }
                }
            }
            return cases;
        }

        private static int[] ints(String[] f) {
            int[] a = new int[f.length - 1];
            for (int i = 0; i < a.length; i++) {
                a[i] = Integer.parseInt(f[i + 1]);
            }
            return a;
        }
    }
}
