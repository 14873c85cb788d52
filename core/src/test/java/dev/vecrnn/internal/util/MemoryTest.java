package dev.vecrnn.internal.util;

import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.train.MemoryEstimate;
import dev.vecrnn.internal.model.LanguageModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryTest {

    @Test
    void formatsSizes() {
        assertEquals("1 KB", Memory.format(1));
        assertEquals("1.5 MB", Memory.format(3L << 19));
        assertEquals("2.0 GB", Memory.format(2L << 30));
        assertEquals("-Xmx64m", Memory.xmx(1000));
        assertEquals("-Xmx5g", Memory.xmx(4L << 30));
    }

    @Test
    void whatFitsPassesAndWhatDoesNotSaysWhatItNeeds() {
        Memory.require(1 << 20, "a small thing");
        VecrnnException e = assertThrows(VecrnnException.class, () -> Memory.require(1L << 50, "the model"));
        assertTrue(e.getMessage().startsWith("the model needs about 1048576.0 GB of memory"), e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void parameterCountMatchesTheModel() {
        ModelSpec lstm = new ModelSpec("lstm", 500, 16, 2, 0f);
        for (ModelSpec s : new ModelSpec[] {ModelSpec.rnn(65, 100), new ModelSpec("rnn", 7, 3, 3, 0f),
                new ModelSpec("gru", 9, 5, 2, 0f), lstm.withEmbedding(8), lstm.withEmbedding(16).withTiedWeights(true),
                lstm.withAdaptiveSoftmax(new int[] {50, 200}, 4f), lstm.withEmbedding(8).withAdaptiveSoftmax(new int[] {50}, 2f),
                lstm.withEmbedding(16).withAdaptiveSoftmax(new int[] {50, 100, 300}, 1.5f).withTiedWeights(true)}) {
            assertEquals(new LanguageModel(s).parameterCount(), MemoryEstimate.parameterCount(s), s.toString());
        }
    }

    /**
     * Issue 12: W4 (hongloumeng in jieba words, LSTM 2 x 256, word vectors 256, batch 32, seq 35,
     * Adam) with the adaptive softmax fits in 1 GiB of heap, counting the cluster buffer at its
     * largest; its word vectors and the Adam state of its parameters are in the estimate.
     */
    @Test
    void w4WithTheAdaptiveSoftmaxFitsInOneGigabyte() {
        ModelSpec w4 = new ModelSpec("lstm", 45_558, 256, 2, 0f).withEmbedding(256);
        ModelSpec adaptive = w4.withAdaptiveSoftmax(ModelSpec.defaultCutoffs(45_558), 4f);
        MemoryEstimate a = MemoryEstimate.training(adaptive, 35, 32, 2);
        MemoryEstimate full = MemoryEstimate.training(w4, 35, 32, 2);
        assertTrue(a.totalBytes() < (1L << 30), a.describe());
        long vectors = 45_558L * 256;
        assertTrue(a.parameters() > vectors && a.parameters() < vectors + 3_000_000, a.describe());
        assertEquals(2 * a.parameters(), a.optimizerState());
        // the full softmax's V x H weights and its rows x V logits weigh more than all the clusters
        assertTrue(full.parameters() - a.parameters() > 45_558L * 200, full.describe());
        assertTrue(full.buffers() > 35 * 32 * 45_558L, full.describe());
        assertTrue(a.describe().contains("optimizer state"), a.describe());
    }

    @Test
    void trainingEstimateCountsOptimizerState() {
        ModelSpec s = ModelSpec.rnn(45000, 200);
        MemoryEstimate adagrad = MemoryEstimate.training(s, 25, 1, 1);
        MemoryEstimate adam = MemoryEstimate.training(s, 25, 1, 2);
        long p = MemoryEstimate.parameterCount(s);
        assertEquals(4 * p, adam.totalBytes() - adagrad.totalBytes());
        assertTrue(adagrad.totalBytes() > 12 * p);
        VecrnnException e = assertThrows(VecrnnException.class,
                () -> MemoryEstimate.training(ModelSpec.rnn(1_000_000, 100_000), 25, 1, 2).require("training"));
        assertTrue(e.getMessage().contains("of parameters") && e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
