package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.model.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose loss blows up stops with advice and leaves the last good model file as it was. */
class DivergenceTest {

    @TempDir
    Path dir;

    @Test
    void blownUpWeightsStopTheResumedRunAndTheFileStaysAsItWas() throws Exception {
        Path m = dir.resolve("m.vrnn");
        Cli t = Cli.run("train", "--iterations", "10", "--hidden", "8", "--sample-every", "0", "--out", m.toString());
        assertEquals(0, t.exit, t::toString);
        // weights that make every logit but one enormous and negative: the loss overflows at the first step
        Checkpoint cp = Checkpoint.read(m);
        float[] bias = cp.model.param("output.bias").w();
        Arrays.fill(bias, -3e38f);
        bias[0] = 3e38f;
        cp.write(m);
        byte[] before = Files.readAllBytes(m);

        Cli r = Cli.run("train", "--resume", m.toString(), "--iterations", "20", "--checkpoint-every", "1");
        assertEquals(2, r.exit, r::toString);
        String err = r.err.strip();
        assertFalse(err.contains("\n"), "one line: " + r);
        assertTrue(err.contains("training diverged at iteration 10"), r::toString);
        assertTrue(err.contains("--lr") && err.contains("--clip"), "suggests a lower rate or clipping: " + r);
        assertTrue(err.contains(m + " still holds the last good state (10 iterations)"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(m), "the last good file is kept");
    }

    @Test
    void aHugeLearningRateStopsTheRunAndWhatWasSavedIsFinite() {
        Path m = dir.resolve("m.vrnn");
        Cli r = Cli.run("train", "--iterations", "500", "--hidden", "8", "--lr", "1e30", "--clip", "0", "--sample-every", "0",
                "--checkpoint-every", "1", "--out", m.toString());
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("training diverged at iteration"), r::toString);
        if (Files.exists(m)) {
            Checkpoint cp = Checkpoint.read(m); // it reads: no NaN or infinity was written
            assertTrue(cp.state.iteration < 500);
            for (Param p : cp.model.params()) {
                for (float w : p.w()) {
                    assertTrue(Float.isFinite(w), p.name());
                }
            }
            assertTrue(r.err.contains("still holds the last good state"), r::toString);
        } else {
            assertTrue(r.err.contains("no checkpoint had been written yet"), r::toString);
        }
    }
}
