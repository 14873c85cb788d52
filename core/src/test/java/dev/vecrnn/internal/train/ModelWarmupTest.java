package dev.vecrnn.internal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.kernel.vector.VectorKernels;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Softmax;
import dev.vecrnn.testing.TestAdagrad;
import dev.vecrnn.internal.util.WarmupThread;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The model warm-up trains a small model of the run's kind until stopped, and starts nothing for
 * a model too large to be worth it or settings that make no model.
 */
class ModelWarmupTest {

    private static TrainSettings.Builder wordModel() {
        return TrainSettings.builder().cell(CellType.LSTM).hidden(24).layers(2).embedding(16)
                .softmax("adaptive").cutoffs(List.of(100, 1000, 5000)).divValue(2f).batchSize(6).seqLength(9);
    }

    @Test
    void runsUntilStopped() throws Exception {
        WarmupThread w = ModelWarmup.start(new VectorKernels(), wordModel().build(), new TestAdagrad(), 0.1);
        assertNotNull(w);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (w.rounds() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        w.stop();
        int done = w.rounds();
        assertTrue(done >= 3, "rounds done: " + done);
        Thread.sleep(50);
        assertEquals(done, w.rounds(), "no round after stop()");
    }

    @Test
    void smallModelIsOfTheRunsKind() {
        TrainSettings s = wordModel().build();
        ModelSpec small = ModelWarmup.small(s);
        // the real model's vocabulary is only known once the text is read
        ModelSpec real = new ModelSpec(CellType.LSTM, 20_000, 24, 2, 0f, 16, Softmax.ADAPTIVE, new int[] {100, 1000, 5000}, 2f, false);
        assertEquals(ModelWarmup.VOCAB, small.vocab());
        assertEquals(real.cell(), small.cell());
        assertEquals(real.hidden(), small.hidden());
        assertEquals(real.layers(), small.layers());
        assertEquals(real.embedding(), small.embedding());
        assertEquals(real.clusters(), small.clusters());
        int[] widths = new int[real.clusters()];
        int[] smallWidths = new int[real.clusters()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = real.clusterHidden(i);
            smallWidths[i] = small.clusterHidden(i);
        }
        assertArrayEquals(widths, smallWidths, "the tail clusters' projection widths");
        assertTrue(small.clusterTokens(small.clusters() - 1) > small.clusterStart(0), "the last cluster is the largest part");

        ModelSpec full = ModelWarmup.small(TrainSettings.builder().cell(CellType.GRU).hidden(40).build());
        assertEquals(Softmax.FULL, full.softmax());
        assertEquals(CellType.GRU, full.cell());
    }

    @Test
    void tooLargeOrNoModelStartsNothing() {
        TrainSettings huge = TrainSettings.builder().cell(CellType.LSTM).hidden(2048).layers(3).batchSize(8).build();
        assertNull(ModelWarmup.start(new ScalarKernels(), huge, new TestAdagrad(), 0.1));
        // a third tail cluster 8 / 4^3 units wide: the run refuses it, the warm-up just does not start
        TrainSettings tooNarrow = wordModel().hidden(8).divValue(4f).build();
        assertNull(ModelWarmup.start(new ScalarKernels(), tooNarrow, new TestAdagrad(), 0.1));
    }
}
