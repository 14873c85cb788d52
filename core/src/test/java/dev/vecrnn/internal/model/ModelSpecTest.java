package dev.vecrnn.internal.model;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The word-level settings of a model: their defaults, the combinations refused, the default cutoffs. */
class ModelSpecTest {
    private static final ModelSpec LSTM = new ModelSpec(CellType.LSTM, 45_558, 256, 2, 0f);

    @Test
    void theOldConstructorsGiveTodaysModel() {
        for (ModelSpec s : new ModelSpec[] {ModelSpec.rnn(65, 100), new ModelSpec("gru", 10, 4, 1, 0f)}) {
            assertEquals(0, s.embedding());
            assertEquals(Softmax.FULL, s.softmax());
            assertEquals(0, s.cutoffs().length);
            assertEquals(ModelSpec.DEFAULT_DIV_VALUE, s.divValue());
            assertFalse(s.tieWeights());
        }
    }

    @Test
    void theW4ModelIsValidAndItsClustersAreSizedAsPyTorchSizesThem() {
        ModelSpec s = LSTM.withEmbedding(256).withAdaptiveSoftmax(new int[] {2000, 10000}, 4f).withTiedWeights(true);
        assertEquals(2002, s.headSize());
        assertEquals(2, s.clusters());
        assertEquals(8000, s.clusterTokens(0));
        assertEquals(35_558, s.clusterTokens(1));
        assertEquals(64, s.clusterHidden(0));
        assertEquals(16, s.clusterHidden(1));
        // int(in_features // div_value ** (i + 1)): 100 // 3.0 = 33, 100 // 3.0 ** 2 = 11
        ModelSpec odd = new ModelSpec(CellType.LSTM, 45_558, 100, 1, 0f).withAdaptiveSoftmax(new int[] {10, 20}, 3f);
        assertEquals(33, odd.clusterHidden(0));
        assertEquals(11, odd.clusterHidden(1));
    }

    @Test
    void specsCompareByTheirCutoffsContentAndKeepTheirOwnCopy() {
        int[] cuts = {100, 500};
        ModelSpec a = LSTM.withAdaptiveSoftmax(cuts, 4f);
        cuts[0] = 7;
        assertEquals(100, a.cutoffs()[0], "the spec copied the array it was given");
        a.cutoffs()[0] = 9;
        assertEquals(100, a.cutoffs()[0], "the spec hands out copies");
        ModelSpec b = LSTM.withAdaptiveSoftmax(new int[] {100, 500}, 4f);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, LSTM.withAdaptiveSoftmax(new int[] {100, 501}, 4f));
        assertTrue(a.toString().contains("cutoffs=100,500"), a.toString());
    }

    @Test
    void invalidCombinationsAreRefusedInOneLineNamingTheSetting() {
        refused("embedding", () -> LSTM.withEmbedding(-1));
        refused("cutoffs", () -> new ModelSpec(CellType.LSTM, 100, 8, 1, 0f, 0, Softmax.FULL, new int[] {10}, 4f, false));
        refused("divValue", () -> new ModelSpec(CellType.LSTM, 100, 8, 1, 0f, 0, Softmax.FULL, new int[0], 2f, false));
        refused("softmax", () -> new ModelSpec(CellType.LSTM, 100, 8, 1, 0f, 0, null, new int[0], 4f, false));
        refused("cutoffs", () -> LSTM.withAdaptiveSoftmax(new int[0], 4f));
        refused("cutoffs", () -> LSTM.withAdaptiveSoftmax(new int[] {2000, 2000}, 4f));
        refused("cutoffs", () -> LSTM.withAdaptiveSoftmax(new int[] {10000, 2000}, 4f));
        refused("cutoffs", () -> LSTM.withAdaptiveSoftmax(new int[] {0, 2000}, 4f));
        refused("cutoffs", () -> LSTM.withAdaptiveSoftmax(new int[] {2000, 45_558}, 4f));
        refused("divValue", () -> LSTM.withAdaptiveSoftmax(new int[] {2000}, 0f));
        refused("divValue", () -> LSTM.withAdaptiveSoftmax(new int[] {2000}, Float.NaN));
        refused("divValue", () -> LSTM.withAdaptiveSoftmax(new int[] {2000}, Float.POSITIVE_INFINITY));
        // 256 / 4^4 = 1, 256 / 4^5 < 1
        LSTM.withAdaptiveSoftmax(new int[] {10, 20, 30, 40}, 4f);
        refused("divValue", () -> LSTM.withAdaptiveSoftmax(new int[] {10, 20, 30, 40, 50}, 4f));
        refused("tieWeights", () -> LSTM.withTiedWeights(true));
        refused("tieWeights", () -> LSTM.withEmbedding(128).withTiedWeights(true));
        refused("tieWeights", () -> LSTM.withEmbedding(128).withAdaptiveSoftmax(new int[] {2000}, 4f).withTiedWeights(true));
    }

    @Test
    void defaultCutoffsFollowTheVocabularySize() {
        assertArrayEquals(new int[] {2000, 10000}, ModelSpec.defaultCutoffs(45_558));
        assertArrayEquals(new int[] {2000, 10000, 50000}, ModelSpec.defaultCutoffs(100_000));
        assertArrayEquals(new int[] {2000, 10000, 50000, 250000}, ModelSpec.defaultCutoffs(500_000));
        assertArrayEquals(new int[] {2000}, ModelSpec.defaultCutoffs(4000));
        assertArrayEquals(new int[] {999}, ModelSpec.defaultCutoffs(3999));
        assertArrayEquals(new int[] {16}, ModelSpec.defaultCutoffs(65));
        assertArrayEquals(new int[] {1}, ModelSpec.defaultCutoffs(2));
        for (int v : new int[] {2, 3, 5, 65, 1000, 3999, 4000, 19_999, 20_000, 45_558, 1_000_000}) {
            // every default is valid for a model of that vocabulary
            new ModelSpec(CellType.LSTM, v, 256, 1, 0f).withAdaptiveSoftmax(ModelSpec.defaultCutoffs(v), 4f);
        }
    }

    private static void refused(String setting, Runnable r) {
        VecrnnException e = assertThrows(VecrnnException.class, r::run);
        assertTrue(e.getMessage().contains(setting), "'" + e.getMessage() + "' names " + setting);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
