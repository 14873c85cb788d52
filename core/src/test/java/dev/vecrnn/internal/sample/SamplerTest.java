package dev.vecrnn.internal.sample;

import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    private static final float[] LOGITS = {2f, 1f, 0f, -1f, -3f};
    private static final int DRAWS = 20000;

    private static Sampler sampler() {
        return new Sampler(new LanguageModel(ModelSpec.rnn(LOGITS.length, 3)), new ScalarKernels());
    }

    private static double[] frequencies(SamplingOptions o, long seed) {
        Sampler s = sampler();
        Rng r = new Rng(seed);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < DRAWS; i++) {
            f[s.draw(LOGITS.clone(), o, r)] += 1.0 / DRAWS;
        }
        return f;
    }

    private static double[] softmax(double t) {
        double[] p = new double[LOGITS.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(LOGITS[i] / t);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void plainSamplingFollowsTheSoftmax() {
        double[] f = frequencies(SamplingOptions.DEFAULT, 1);
        double[] p = softmax(1);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], f[i], 0.01, "token " + i);
        }
    }

    @Test
    void temperatureSharpensOrFlattens() {
        double[] cold = frequencies(new SamplingOptions(0.05, 0, 1, false), 2);
        assertEquals(1.0, cold[0], 1e-9, "near zero temperature is argmax");
        double[] hot = frequencies(new SamplingOptions(1000, 0, 1, false), 3);
        for (double h : hot) {
            assertEquals(0.2, h, 0.015, "very high temperature is near uniform");
        }
        double[] half = frequencies(new SamplingOptions(0.5, 0, 1, false), 4);
        double[] p = softmax(0.5);
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], half[i], 0.01);
        }
    }

    @Test
    void topKKeepsTheKMostLikelyRenormalized() {
        assertEquals(1.0, frequencies(new SamplingOptions(1, 1, 1, false), 5)[0], 1e-9);
        double[] f = frequencies(new SamplingOptions(1, 2, 1, false), 6);
        assertEquals(Math.E / (Math.E + 1), f[0], 0.01);
        assertEquals(1 / (Math.E + 1), f[1], 0.01);
        assertEquals(0, f[2] + f[3] + f[4]);
        double[] all = frequencies(new SamplingOptions(1, 99, 1, false), 7);
        assertTrue(all[4] > 0, "k above the vocabulary keeps everything");
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] p = softmax(1); // 0.641, 0.236, 0.087, 0.032, 0.004
        assertEquals(1.0, frequencies(new SamplingOptions(1, 0, 0.5, false), 8)[0], 1e-9);
        double[] f = frequencies(new SamplingOptions(1, 0, 0.8, false), 9);
        assertEquals(p[0] / (p[0] + p[1]), f[0], 0.01);
        assertEquals(0, f[2] + f[3] + f[4]);
        double[] g = frequencies(new SamplingOptions(1, 0, 0.9, false), 10);
        assertTrue(g[2] > 0 && g[3] == 0, "0.641 + 0.236 < 0.9, so the third is in and the fourth is not");
        double[] both = frequencies(new SamplingOptions(1, 1, 0.9, false), 11);
        assertEquals(1.0, both[0], 1e-9, "top-k and top-p together: the smaller set");
    }

    @Test
    void argmaxIgnoresTheGenerator() {
        Sampler s = sampler();
        SamplingOptions o = new SamplingOptions(1, 0, 1, true);
        long before = new Rng(3).state();
        Rng r = new Rng(3);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, s.draw(LOGITS.clone(), o, r));
        }
        assertEquals(before, r.state());
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        LanguageModel m = new LanguageModel(ModelSpec.rnn(30, 8));
        m.initialize(new Rng(1));
        for (var p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.w()[i] *= 100;
            }
        }
        int[] a = new Sampler(m, new ScalarKernels()).generate(0, 100, m.newState(1), SamplingOptions.DEFAULT, new Rng(7), null);
        int[] b = new Sampler(m, new ScalarKernels()).generate(0, 100, m.newState(1), SamplingOptions.DEFAULT, new Rng(7), null);
        int[] c = new Sampler(m, new ScalarKernels()).generate(0, 100, m.newState(1), SamplingOptions.DEFAULT, new Rng(8), null);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    /**
     * With the adaptive softmax a step gives the log-probability of every token, head and every
     * cluster (checked against PyTorch's log_prob in AdaptiveSoftmaxTorchTest): draws follow that
     * full distribution, and temperature, top-k and argmax act on it as on logits.
     */
    @Test
    void adaptiveSoftmaxDrawsFromTheWholeDistribution() {
        int v = 12;
        LanguageModel m = new LanguageModel(new ModelSpec("lstm", v, 8, 1, 0f).withEmbedding(4)
                .withAdaptiveSoftmax(new int[] {3, 6}, 2f));
        m.initialize(new Rng(5));
        for (var p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.w()[i] *= 3;
            }
        }
        Sampler s = new Sampler(m, new ScalarKernels());
        float[] scores = s.prime(new int[] {1, 7, 4}, m.newState(1)).clone();
        double[] p = new double[v];
        double tail = 0;
        int best = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(scores[i]);
            tail += i >= 3 ? p[i] : 0;
            best = scores[i] > scores[best] ? i : best;
        }
        assertTrue(tail > 0.2 && tail < 0.8, "the clusters hold a fair share of the mass: " + tail);
        double[] f = new double[v];
        Rng r = new Rng(12);
        for (int i = 0; i < DRAWS; i++) {
            f[s.draw(scores.clone(), SamplingOptions.DEFAULT, r)] += 1.0 / DRAWS;
        }
        for (int i = 0; i < v; i++) {
            assertEquals(p[i], f[i], 0.01, "token " + i);
        }
        // temperature 0.5: p^2 renormalised
        double z = 0;
        for (double x : p) {
            z += x * x;
        }
        double[] g = new double[v];
        for (int i = 0; i < DRAWS; i++) {
            g[s.draw(scores.clone(), new SamplingOptions(0.5, 0, 1, false), r)] += 1.0 / DRAWS;
        }
        for (int i = 0; i < v; i++) {
            assertEquals(p[i] * p[i] / z, g[i], 0.01, "token " + i + " at temperature 0.5");
        }
        // top-2 keeps the two most likely tokens of the whole vocabulary
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        for (int i = 0; i < 1000; i++) {
            int t = s.draw(scores.clone(), new SamplingOptions(1, 2, 1, false), r);
            assertTrue(t == order[0] || t == order[1], "top-2 drew " + t);
        }
        assertEquals(best, s.draw(scores.clone(), new SamplingOptions(1, 0, 1, true), r));
    }

    @Test
    void badOptionsAreUserErrors() {
        assertThrows(VecrnnException.class, () -> new SamplingOptions(0, 0, 1, false));
        assertThrows(VecrnnException.class, () -> new SamplingOptions(Double.NaN, 0, 1, false));
        assertThrows(VecrnnException.class, () -> new SamplingOptions(1, -1, 1, false));
        assertThrows(VecrnnException.class, () -> new SamplingOptions(1, 0, 0, false));
        assertThrows(VecrnnException.class, () -> new SamplingOptions(1, 0, 1.5, false));
        VecrnnException e = assertThrows(VecrnnException.class, () -> new SamplingOptions(0, 0, 1, false));
        assertTrue(e.getMessage().contains("argmax"), e.getMessage());
    }
}
