package dev.vecrnn.spark;

import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.parallel.RoundsEquivalenceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command: train's options, a model file the other commands read, resuming, one-line errors. */
class SparkTrainTest {
    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SparkTrain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> args(String... more) throws Exception {
        Path text = dir.resolve("citizens.txt");
        if (!Files.exists(text)) {
            Files.writeString(text, RoundsEquivalenceTest.TEXT.repeat(6));
        }
        List<String> a = new ArrayList<>(List.of("--master", "local[2]", "--data", text.toString(), "--model", "gru",
                "--hidden", "16", "--seq-length", "10", "--batch-size", "2", "--optimizer", "adam", "--sample-every", "0",
                "--val-fraction", "0.1", "--out", dir.resolve("m.vrnn").toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void trainsWritesAModelFileAndResumesFromIt() throws Exception {
        Result first = run(args("--workers", "2", "--local-iterations", "3", "--iterations", "7").toArray(String[]::new));
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("round 3: 7/7 iterations"), first.out());
        assertTrue(first.out().contains("validation after 7 iterations"), first.out());
        Path file = dir.resolve("m.vrnn");
        Model model = Model.load(file);
        assertEquals(7, model.info().iterations());
        assertEquals(12, model.sampleText("First", SampleSettings.builder().length(12).seed(1L).build()).length());
        assertTrue(Files.exists(dir.resolve("m.best.vrnn")), "the best model beside it");

        // a Spark run resumes from it; --iterations counts the whole run, as for train
        Result more = run("--master", "local[2]", "--resume", file.toString(), "--workers", "2", "--local-iterations", "3",
                "--iterations", "12");
        assertEquals(0, more.status(), more.err());
        assertTrue(more.out().contains("round 3: 10/12 iterations"), more.out());
        assertTrue(more.out().contains("round 4: 12/12 iterations"), more.out());
        assertEquals(12, Checkpoint.read(file).state.iteration);

        // and so does a single machine
        try (Training t = Training.resume(file).settings(s -> s.toBuilder().iterations(15).build()).threads(1).build()) {
            assertEquals(12, t.plan().iterationsDone());
            t.run();
        }
        assertEquals(15, Checkpoint.read(file).state.iteration);
    }

    @Test
    void badOptionsAreOneLineErrorsWithStatusTwo() throws Exception {
        Result zero = run(args("--workers", "0").toArray(String[]::new));
        assertEquals(2, zero.status());
        assertEquals("vecrnn-spark: --workers must be at least 1, not 0", zero.err().strip());

        Result tooMany = run(args("--workers", "200").toArray(String[]::new));
        assertEquals(2, tooMany.status(), tooMany.err());
        assertTrue(tooMany.err().strip().startsWith("vecrnn-spark: each of the 200 --workers trains on"), tooMany.err());
        assertEquals(1, tooMany.err().strip().lines().count(), tooMany.err());
        assertFalse(Files.exists(dir.resolve("m.vrnn")), "nothing written");

        Result report = run(args("--report", dir.resolve("r").toString()).toArray(String[]::new));
        assertEquals(2, report.status());
        assertTrue(report.err().contains("--report"), report.err());
    }
}
