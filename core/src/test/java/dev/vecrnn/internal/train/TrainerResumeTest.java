package dev.vecrnn.internal.train;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.testing.TestAdagrad;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer and the checkpoint together: stopping, saving, loading and going on changes nothing. */
class TrainerResumeTest {
    private static final Kernels K = new ScalarKernels();
    private static final int V = 7;

    @TempDir
    Path dir;

    private static int[] ids(int n) {
        Rng r = new Rng(5);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i % 3 == 0 ? r.nextInt(V) : (ids[Math.max(0, i - 1)] + 1) % V;
        }
        return ids;
    }

    private static final class Run {
        final LanguageModel model;
        final TestAdagrad opt = new TestAdagrad();
        final TrainState state;
        final List<String> events = new ArrayList<>();

        Run(int batch) {
            model = new LanguageModel(new ModelSpec("rnn", V, 9, 2, 0f));
            model.initialize(new Rng(1));
            state = new TrainState(TrainState.initialSmoothLoss(V, 5), model.newState(batch), 42);
        }

        Run(Checkpoint cp) {
            model = cp.model;
            opt.restore(cp.optimizerState);
            state = cp.state;
        }

        TrainResult train(long iterations, int batch, int[] data, Validation val) {
            TrainConfig cfg = new TrainConfig(5, batch, iterations, 0.1, Clipping.value(5), 7, 11);
            TrainListener l = new TrainListener() {
                @Override
                public void onSample(long iteration, int[] tokens) {
                    events.add("sample " + iteration + " " + java.util.Arrays.toString(tokens));
                }

                @Override
                public void onValidation(long done, Evaluation e, boolean best, long nanos) {
                    events.add("val " + done + " " + e.nats() + (best ? " best" : ""));
                }
            };
            return new Trainer(model, opt, K, cfg, l).run(data, val, state);
        }

        Checkpoint checkpoint() {
            return new Checkpoint(model, new Vocabulary(List.of("a", "b", "c", "d", "e", "f", "g")), "char", Map.of(),
                    "test", Map.of(), opt.state(), state, Map.of());
        }
    }

    @Test
    void twoHalvesWithACheckpointBetweenEqualOneRunBitForBit() {
        int[] all = ids(600);
        DataSplit split = DataSplit.of(all, 0.1);
        int batch = 3;

        Run whole = new Run(batch);
        whole.train(40, batch, split.train(), new Validation(split.validation(), 6));

        Run first = new Run(batch);
        first.train(20, batch, split.train(), new Validation(split.validation(), 6));
        Path f = dir.resolve("half.vrnn");
        first.checkpoint().write(f);
        Run second = new Run(Checkpoint.read(f));
        second.train(40, batch, split.train(), new Validation(split.validation(), 6));

        for (Param p : whole.model.params()) {
            assertArrayEquals(p.w(), second.model.param(p.name()).w(), p.name());
        }
        whole.opt.state().arrays().forEach((k, v) -> assertArrayEquals(v, second.opt.state().arrays().get(k), k));
        assertEquals(whole.opt.state().steps(), second.opt.state().steps());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(whole.state.carried[l], second.state.carried[l]);
        }
        assertEquals(whole.state.smoothLoss, second.state.smoothLoss);
        assertEquals(whole.state.position, second.state.position);
        assertEquals(whole.state.sampleRng.state(), second.state.sampleRng.state());
        assertEquals(whole.state.history.train(), second.state.history.train());
        // the validation history also has the first half's end-of-run measurement
        List<LossHistory.Point> val = new ArrayList<>(whole.state.history.validation());
        LossHistory.Point atHalf = first.state.history.validation().get(first.state.history.validation().size() - 1);
        assertEquals(20, atHalf.iteration());
        val.add(3, atHalf);
        assertEquals(val, second.state.history.validation());
        assertEquals(val.stream().mapToDouble(LossHistory.Point::loss).min().getAsDouble(), second.state.bestValLoss);
        // the same samples and validations, split between the two halves
        List<String> halves = new ArrayList<>(first.events);
        halves.removeIf(e -> e.startsWith("val 20 ")); // the first half's end-of-run validation
        halves.addAll(second.events);
        assertEquals(whole.events, halves);
    }

    @Test
    void validatesEveryNAndAtTheEndAndTracksTheBest() {
        int[] all = ids(400);
        DataSplit split = DataSplit.of(all, 0.2);
        Run r = new Run(1);
        r.train(23, 1, split.train(), new Validation(split.validation(), 10));
        List<String> vals = r.events.stream().filter(e -> e.startsWith("val")).toList();
        assertEquals(3, vals.size(), vals::toString);
        assertTrue(vals.get(0).startsWith("val 10 ") && vals.get(0).endsWith(" best"), vals::toString);
        assertTrue(vals.get(1).startsWith("val 20 "), vals::toString);
        assertTrue(vals.get(2).startsWith("val 23 "), vals::toString);
        assertEquals(23, r.state.lastValIteration);
        assertTrue(r.state.bestValLoss <= r.state.lastValLoss);
        assertEquals(3, r.state.history.validation().size());
        // the validation loss is the evaluator's on the held-out ids
        Evaluation e = new Evaluator(r.model, K).evaluate(split.validation());
        assertEquals(e.lossPerToken(), r.state.lastValLoss);
    }

    @Test
    void stopRequestEndsAfterTheIterationWithoutTheFinalValidation() {
        int[] all = ids(400);
        DataSplit split = DataSplit.of(all, 0.2);
        Run r = new Run(1);
        TrainConfig cfg = new TrainConfig(5, 1, 1000, 0.1, Clipping.value(5), 0, 0);
        Trainer[] t = new Trainer[1];
        t[0] = new Trainer(r.model, r.opt, K, cfg, new TrainListener() {
            @Override
            public void onIteration(long iteration, double loss, double smoothLoss) {
                if (iteration == 12) {
                    t[0].requestStop();
                }
            }
        });
        TrainResult res = t[0].run(split.train(), new Validation(split.validation(), 0), r.state);
        assertTrue(res.stopped());
        assertEquals(13, r.state.iteration);
        assertEquals(13, res.iterations());
        assertEquals(-1, r.state.lastValIteration, "no validation when stopped");
    }

    @Test
    void nanLossStopsBeforeTheUpdate() {
        Run r = new Run(1);
        r.model.param("output.bias").w()[0] = Float.NaN;
        float[] before = r.model.param("layer0.recurrent").w().clone();
        DivergedException e = assertThrows(DivergedException.class, () -> r.train(10, 1, ids(200), null));
        assertEquals(0, e.iteration());
        assertTrue(e.getMessage().contains("loss NaN"), e.getMessage());
        assertArrayEquals(before, r.model.param("layer0.recurrent").w(), "no update with a NaN gradient");
        assertEquals(0, r.state.iteration);
        assertFalse(Double.isNaN(r.state.smoothLoss));
    }
}
