package dev.vecrnn.internal.parallel;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.model.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rounds of parameter averaging without Spark: one shard trained in rounds of K iterations is
 * the single-machine run bit for bit, whatever K; several shards give the same result every time.
 */
public class RoundsEquivalenceTest {
    public static final String TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.\n\n"
            + "First Citizen:\nYou are all resolved rather to die than to famish?\n\nAll:\nResolved. resolved.\n\n";
    public static final int ITERATIONS = 13;

    @TempDir
    public Path dir;

    public static TrainSettings settings(int iterations) {
        // dropout and a decaying rate: the shard's generators and the run's iteration count travel with the rounds
        return TrainSettings.builder().cell(CellType.LSTM).hidden(24).layers(2).dropout(0.1f).seqLength(10).batchSize(3)
                .optimizer("adam").learningRate(5e-3).clipNorm(5.0).lrDecay(0.9).lrDecayEvery("4")
                .iterations(iterations).sampleEvery(0).valFraction(0.1).evalEvery(5).seed(11L).build();
    }

    public Training.Builder newRun(TrainSettings s, Path out) {
        Path text = dir.resolve("citizens.txt");
        try {
            if (!Files.exists(text)) {
                Files.writeString(text, TEXT.repeat(6));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Training.newRun(s).text(TrainingText.file(text)).output(out).threads(1);
    }

    /** Trains {@code training} in rounds of {@code k} iterations on {@code workers} shards, as the Spark job's driver does. */
    public static void trainInRounds(Training training, int workers, int k) {
        try (training) {
            Rounds rounds = new Rounds(training, workers, k);
            while (!rounds.done()) {
                byte[] round = rounds.roundCheckpoint();
                ShardState[] states = rounds.shardStates();
                List<Checkpoint> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    results.add(LocalIterations.run(Checkpoint.fromBytes(round, "round"), states[w], rounds.shards()[w],
                            rounds.nextRoundEnd(), Plugins.builtIn(), rounds.parts().kernels()));
                }
                rounds.finish(results);
            }
        }
    }

    /** The same weights, optimizer state and streams. */
    public static void assertSameRun(Checkpoint expected, Checkpoint actual) {
        for (Param p : expected.model.params()) {
            assertArrayEquals(p.w(), actual.model.param(p.name()).w(), p.name());
        }
        assertEquals(expected.optimizerState.steps(), actual.optimizerState.steps());
        assertEquals(expected.optimizerState.arrays().keySet(), actual.optimizerState.arrays().keySet());
        expected.optimizerState.arrays().forEach((k, v) -> assertArrayEquals(v, actual.optimizerState.arrays().get(k), k));
        assertEquals(expected.state.iteration, actual.state.iteration);
        assertEquals(expected.state.position, actual.state.position);
        assertEquals(expected.state.smoothLoss, actual.state.smoothLoss);
        assertTrue(Arrays.deepEquals(expected.state.carried, actual.state.carried), "carried state");
        assertEquals(expected.state.dropoutRng.state(), actual.state.dropoutRng.state());
    }

    @Test
    void oneShardInRoundsIsTheSingleMachineRunBitForBit() {
        Path single = dir.resolve("single.vrnn");
        newRun(settings(ITERATIONS), single).build().run();
        Checkpoint expected = Checkpoint.read(single);
        for (int k : new int[] {1, 4}) {
            Path rounds = dir.resolve("k" + k + ".vrnn");
            trainInRounds(newRun(settings(ITERATIONS), rounds).build(), 1, k);
            Checkpoint actual = Checkpoint.read(rounds);
            assertSameRun(expected, actual);
            if (k == 1) {
                // validations at the same iterations, so the same points in the loss history
                assertEquals(expected.state.history.train(), actual.state.history.train());
                assertEquals(expected.state.history.validation(), actual.state.history.validation());
            }
        }
    }

    @Test
    void resumingARoundsFileOnOneMachineContinuesIt() {
        Path single = dir.resolve("single.vrnn");
        newRun(settings(2 * ITERATIONS), single).build().run();
        Path half = dir.resolve("half.vrnn");
        trainInRounds(newRun(settings(ITERATIONS), half).build(), 1, 3);
        Training.resume(half).settings(s -> s.toBuilder().iterations(2 * ITERATIONS).build()).threads(1).build().run();
        assertSameRun(Checkpoint.read(single), Checkpoint.read(half));
    }

    @Test
    void twoShardsGiveTheSameWeightsEveryTimeAndDifferFromOne() {
        Path a = dir.resolve("a.vrnn");
        Path b = dir.resolve("b.vrnn");
        Path one = dir.resolve("one.vrnn");
        trainInRounds(newRun(settings(ITERATIONS), a).build(), 2, 3);
        trainInRounds(newRun(settings(ITERATIONS), b).build(), 2, 3);
        trainInRounds(newRun(settings(ITERATIONS), one).build(), 1, 3);
        Checkpoint ca = Checkpoint.read(a);
        assertSameRun(ca, Checkpoint.read(b));
        assertEquals(ITERATIONS, ca.state.iteration);
        assertFalse(Arrays.equals(ca.model.params().get(0).w(), Checkpoint.read(one).model.params().get(0).w()));
        assertFalse(ca.state.history.validation().isEmpty(), "the driver measured the validation loss");
    }

    @Test
    void shardsOtherThanTheFirstGetTheirOwnGeneratorsAndAZeroState() {
        try (Training t = newRun(settings(ITERATIONS), dir.resolve("s.vrnn")).build()) {
            RunParts run = RunParts.of(t);
            Arrays.fill(run.state().carried[0], 0.5f);
            ShardState[] s = ShardState.initial(run.state(), 3, 1000);
            assertEquals(ShardState.of(run.state()), s[0]);
            assertNotEquals(s[0].rngs(), s[1].rngs());
            assertNotEquals(s[1].rngs(), s[2].rngs());
            assertEquals(0f, s[1].carried()[0][0]);
            ShardState[] restarted = ShardState.initial(run.state(), 2, run.state().position);
            assertEquals(0, restarted[0].position());
            assertEquals(0f, restarted[0].carried()[0][0]);
        }
    }

    @Test
    void theMeanOfOneArrayIsThatArrayAndOfSeveralIsSummedInOrder() {
        float[] x = {0.1f, -3.7e-5f, 1e30f, Float.MIN_VALUE};
        float[] out = new float[4];
        Averaging.mean(new float[][] {x}, out);
        assertArrayEquals(x, out);
        float[] two = new float[2];
        Averaging.mean(new float[][] {{1f, 2f}, {2f, 4f}, {6f, 0f}}, two);
        assertArrayEquals(new float[] {3f, 2f}, two);
    }

    @Test
    void tooManyWorkersForTheTextIsAOneLineError() {
        int[] ids = new int[100];
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.vecrnn.api.VecrnnException.class,
                () -> Shards.cut(ids, 8, 3, 10));
        assertTrue(e.getMessage().contains("8 workers trains on 12 tokens"), e.getMessage());
        assertEquals(List.of("workers", "batchSize", "seqLength"), e.settings());
        assertEquals(4, Shards.cut(ids, 4, 1, 10).length);
        assertEquals(25, Shards.cut(ids, 4, 1, 10)[3].length);
    }
}
