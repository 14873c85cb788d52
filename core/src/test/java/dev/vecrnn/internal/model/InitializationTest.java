package dev.vecrnn.internal.model;

import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The starting weights of each cell type, as docs/MODELS.md states them. */
class InitializationTest {
    private static final int V = 50;
    private static final int H = 64;

    @Test
    void rnnKeepsTheSeedsSmallGaussians() {
        LanguageModel m = new LanguageModel(new ModelSpec("rnn", V, H, 2, 0f));
        m.initialize(new Rng(1));
        Rng replay = new Rng(1);
        for (Param p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                float expected = p.name().endsWith(".bias") ? 0f : (float) (replay.nextGaussian() * 0.01);
                assertEquals(expected, p.w()[i], p.name() + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void gatedCellsScaleByFanIn(String cell) {
        LanguageModel m = new LanguageModel(new ModelSpec(cell, V, H, 2, 0f));
        m.initialize(new Rng(2), 1.5f);
        for (Param p : m.params()) {
            if (p.name().endsWith(".bias")) {
                continue;
            }
            double bound = p.name().equals("layer0.input") ? 4.0 : 1.0 / Math.sqrt(H);
            double sq = 0;
            for (float w : p.w()) {
                assertTrue(Math.abs(w) <= bound, p.name() + " has " + w + " outside +-" + bound);
                sq += w * w;
            }
            double std = Math.sqrt(sq / p.size());
            // uniform in [-b, b] has standard deviation b / sqrt(3)
            assertEquals(bound / Math.sqrt(3), std, 0.05 * bound, p.name());
        }
        for (int l = 0; l < 2; l++) {
            float[] b = m.param("layer" + l + ".bias").w();
            for (int i = 0; i < b.length; i++) {
                boolean forget = cell.equals("lstm") && i >= H && i < 2 * H;
                assertEquals(forget ? 1.5f : 0f, b[i], "layer" + l + ".bias[" + i + "]");
            }
        }
        if (cell.equals("gru")) {
            for (float w : m.param("layer1.recurrent.bias").w()) {
                assertEquals(0f, w);
            }
        }
    }

    @Test
    void lstmForgetBiasDefaultsToZero() {
        LanguageModel m = new LanguageModel(new ModelSpec("lstm", V, H, 1, 0f));
        m.initialize(new Rng(3));
        for (float b : m.param("layer0.bias").w()) {
            assertEquals(0f, b);
        }
    }

    @Test
    void wordVectorsStartAsPyTorchsEmbeddingAndLayerZeroReadsThemThroughADenseMatrix() {
        int e = 24;
        LanguageModel m = new LanguageModel(new ModelSpec("lstm", V * 20, H, 1, 0f).withEmbedding(e));
        m.initialize(new Rng(4));
        Param table = m.param("embedding");
        assertEquals(V * 20, table.rows());
        assertEquals(e, table.cols());
        assertTrue(table.sparse(), "untouched rows of the word vectors get no gradient work");
        double sq = 0;
        for (float w : table.w()) {
            sq += w * w;
        }
        assertEquals(1.0, Math.sqrt(sq / table.size()), 0.05, "N(0, 1)");
        Param input = m.param("layer0.input");
        assertEquals(4 * H, input.rows());
        assertEquals(e, input.cols());
        double bound = 1.0 / Math.sqrt(e);
        for (float w : input.w()) {
            assertTrue(Math.abs(w) <= bound, "layer0.input has " + w + " outside +-" + bound);
        }
        assertEquals(m.params().get(0), table, "the word vectors come first");
    }

    @Test
    void tiedWordVectorsAreTheOutputWeightsAndStartAsThose() {
        ModelSpec base = new ModelSpec("lstm", V * 20, H, 1, 0f).withEmbedding(H).withTiedWeights(true);
        LanguageModel full = new LanguageModel(base);
        full.initialize(new Rng(5));
        assertEquals(null, full.param("output.weight"), "one table, listed once");
        assertEquals(full.embedding(), full.outWeight());
        assertTrue(!full.embedding().sparse(), "tied to the full softmax every row gets gradient: a dense table");
        double bound = 1.0 / Math.sqrt(H);
        for (float w : full.embedding().w()) {
            assertTrue(Math.abs(w) <= bound, "tied word vectors start as output weights, not N(0, 1): " + w);
        }
        LanguageModel adaptive = new LanguageModel(base.withAdaptiveSoftmax(new int[] {30, 200}, 4f));
        adaptive.initialize(new Rng(6));
        assertEquals(null, adaptive.param("output.shortlist"), "the shortlist is the first rows of the word vectors");
        assertTrue(adaptive.embedding().sparse(), "only the shortlist rows and the rows read get gradient");
        for (String name : new String[] {"output.clusters", "output.tail0.projection", "output.tail1.weight"}) {
            Param p = adaptive.param(name);
            double b = 1.0 / Math.sqrt(p.cols());
            double sq = 0;
            for (float w : p.w()) {
                assertTrue(Math.abs(w) <= b, name + " has " + w + " outside +-" + b);
                sq += w * w;
            }
            assertEquals(b / Math.sqrt(3), Math.sqrt(sq / p.size()), 0.15 * b, name + " is uniform like nn.Linear's");
        }
    }
}
