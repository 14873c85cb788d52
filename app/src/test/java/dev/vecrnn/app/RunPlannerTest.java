package dev.vecrnn.app;

import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.DataSplit;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunPlannerTest {

    private static int auto(int tokens, double fraction, int seq, int batch) {
        DataSplit split = DataSplit.of(new int[tokens], fraction);
        return RunPlanner.autoEvalEvery(split, new TrainConfig(seq, batch, 1000, 0.1, Clipping.none(), 0, 0));
    }

    @Test
    void defaultEvalEveryLetsTrainingReadTwiceTheValidationTokens() {
        assertEquals(4500, auto(1_115_394, 0.05, 25, 1), "tinyshakespeare, the seed's chunks: 2 x 55,769 / 25 = 4,462");
        assertEquals(500, auto(1_115_394, 0.05, 50, 32), "big chunks: the minimum step");
        assertEquals(2500, auto(616_242, 0.05, 25, 1), "hongloumeng words: 2 x 30,812 / 25 = 2,465");
        assertEquals(500, auto(1000, 0, 25, 1));
    }

    @Test
    void bestFileNames() {
        assertEquals(Path.of("dir/model.best.vrnn"), RunPlan.bestPath(Path.of("dir/model.vrnn")));
        assertEquals(Path.of("model.best"), RunPlan.bestPath(Path.of("model")));
        assertEquals(Path.of(".hidden.best"), RunPlan.bestPath(Path.of(".hidden")));
    }

    @Test
    void clippingAsRecorded() {
        assertEquals("value 5.0", RunPlanner.parseClipping("value 5.0", Path.of("m")).toString());
        assertEquals("norm 1.5", RunPlanner.parseClipping("norm 1.5", Path.of("m")).toString());
        assertEquals("none", RunPlanner.parseClipping("none", Path.of("m")).toString());
        assertThrows(VecrnnException.class, () -> RunPlanner.parseClipping("sideways 3", Path.of("m")));
    }
}
