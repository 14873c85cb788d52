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
        for (ModelSpec s : new ModelSpec[] {ModelSpec.rnn(65, 100), new ModelSpec("rnn", 7, 3, 3, 0f)}) {
            assertEquals(new LanguageModel(s).parameterCount(), MemoryEstimate.parameterCount(s), s.toString());
        }
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
