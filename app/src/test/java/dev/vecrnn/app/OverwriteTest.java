package dev.vecrnn.app;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.testing.ChildJvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cases of issue 16 on the command line: each is one line, exit 2, and every file as it was.
 */
class OverwriteTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path text() throws IOException {
        Path t = dir.resolve("in.txt");
        Files.writeString(t, "to be, or not to be, that is the question. ".repeat(30));
        return t;
    }

    /** {@code train} with {@link Cli#TINY} options, 5 iterations unless {@code args} say otherwise. */
    private static Cli train(String... args) {
        String[] base = List.of(args).contains("--iterations") ? new String[] {"train"} : new String[] {"train", "--iterations", "5"};
        return Cli.run(Cli.concat(Cli.concat(base, Cli.TINY), args));
    }

    /** Runs train with {@code args}, expecting one line and exit 2 with {@code kept} unchanged; returns the line. */
    private static String refused(Path kept, String... args) throws IOException {
        byte[] before = Files.readAllBytes(kept);
        String line = train(args).userError();
        assertArrayEquals(before, Files.readAllBytes(kept), "the user's file is unchanged: " + line);
        return line;
    }

    @Test
    void theTrainingTextIsNeverTheModelFile() throws IOException {
        Path in = text();
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), in);
        Path hard = Files.createLink(dir.resolve("hard.txt"), in);
        String line = refused(in, "--data", in.toString(), "--out", in.toString());
        assertEquals("vecrnn: --out " + in + " is the same file as --data " + in + ", which the run reads; give another --out", line);
        assertTrue(refused(in, "--data", link.toString(), "--out", in.toString()).contains("--data " + link));
        assertTrue(refused(in, "--data", in.toString(), "--out", link.toString()).contains("--out " + link));
        assertTrue(refused(in, "--data", hard.toString(), "--out", in.toString(), "--force").contains("same file"));
        Path dotted = dir.resolve("x").resolve("..").resolve("in.txt");
        assertTrue(refused(in, "--data", in.toString(), "--out", dotted.toString()).contains("same file"));
        assertEquals(List.of("hard.txt", "in.txt", "link.txt"), Cli.files(dir), "nothing else was written");
    }

    @Test
    void resumingOntoTheTextIsRefused() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        assertEquals(0, train("--data", in.toString(), "--out", m.toString()).exit);
        byte[] model = Files.readAllBytes(m);
        String line = refused(in, "--resume", m.toString(), "--iterations", "10", "--data", in.toString(), "--out", in.toString());
        assertTrue(line.startsWith("vecrnn: --out " + in + " is the same file as --data"), line);
        assertArrayEquals(model, Files.readAllBytes(m), "the resumed file too");
    }

    @Test
    void aFileThatIsNotAModelIsReplacedOnlyWithForce() throws IOException {
        Path in = text();
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        String line = refused(notes, "--data", in.toString(), "--out", notes.toString());
        assertEquals("vecrnn: --out " + notes + " exists and is not a vecrnn model file; choose another --out, or pass --force"
                + " to replace it", line);
        Path best = dir.resolve("notes.best.txt");
        Files.delete(notes);
        Files.writeString(best, "my best notes\n");
        line = refused(best, "--data", in.toString(), "--out", notes.toString());
        assertTrue(line.startsWith("vecrnn: the best-model file of --out " + best + " exists"), line);
        assertFalse(Files.exists(notes));

        Cli forced = train("--data", in.toString(), "--out", notes.toString(), "--force");
        assertEquals(0, forced.exit, forced::toString);
        assertEquals(5, Checkpoint.read(notes).state.iteration);
        // a model file is ours: replaced without --force
        Cli again = train("--data", in.toString(), "--out", notes.toString(), "--iterations", "6");
        assertEquals(0, again.exit, again::toString);
        assertEquals(6, Checkpoint.read(notes).state.iteration);
    }

    @Test
    void theReportGoesOnlyIntoANewEmptyOrEarlierReportFolder() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        Path site = Files.createDirectories(dir.resolve("site"));
        Path page = Files.writeString(site.resolve("index.html"), "<p>my home page</p>");
        String line = refused(page, "--data", in.toString(), "--out", m.toString(), "--report", site.toString());
        assertEquals("vecrnn: --report " + site + " holds files vecrnn did not write (index.html); give a new or empty folder,"
                + " or pass --force to write into it", line);
        assertEquals(List.of("index.html"), Cli.files(site));
        assertFalse(Files.exists(m), "refused before the model was written");

        // the report never writes over the text, even with --force
        Path textPage = Files.writeString(site.resolve("index.html"), "the text, named index.html ".repeat(20));
        line = refused(textPage, "--data", textPage.toString(), "--out", m.toString(), "--report", site.toString(), "--force");
        assertTrue(line.startsWith("vecrnn: --report file " + textPage + " is the same file as --data"), line);

        // a new folder, then the same folder again (its marker says it is a report's)
        Path rep = dir.resolve("rep");
        assertEquals(0, train("--data", in.toString(), "--out", m.toString(), "--report", rep.toString()).exit);
        Cli again = train("--data", in.toString(), "--out", m.toString(), "--report", rep.toString());
        assertEquals(0, again.exit, again::toString);
        assertTrue(Cli.files(rep).contains("index.html"));
    }

    /**
     * A run in a child JVM holds its model file: a second run aimed at it is refused at once and
     * the file is left as it was; once the child is killed (SIGKILL: no chance to clean up) the OS
     * has released its lock, and a new run proceeds.
     */
    @Test
    void aSecondRunIsRefusedAndAKilledRunLeavesNoLock() throws Exception {
        assumeTrue(ChildJvm.canSignal(), "needs kill");
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        assertEquals(0, train("--data", in.toString(), "--out", m.toString()).exit);
        byte[] trained = Files.readAllBytes(m);
        try (ChildJvm child = Cli.child(dir, List.of(), Cli.concat(Cli.concat(new String[] {"train"}, Cli.TINY), "--data", in.toString(), "--out",
                m.toString(), "--iterations", "100000000", "--checkpoint-every", "0", "--val-fraction", "0"))) {
            child.awaitOutput("kernels", WAIT); // the plan is printed once the run holds its files
            String line = refused(m, "--data", in.toString(), "--out", m.toString());
            assertEquals("vecrnn: another run is writing " + m + " (it holds .m.vrnn.lock); wait for it to finish, or give another"
                    + " --out", line);
            Cli info = Cli.run("info", "--model", m.toString());
            assertEquals(0, info.exit, "a reader does not need the lock: " + info);
            Cli sample = Cli.run("sample", "--model", m.toString(), "--length", "10");
            assertEquals(0, sample.exit, "nor does sample: " + sample);
            child.signal("KILL");
            assertEquals(137, child.waitFor(WAIT), child::toString);
        }
        assertArrayEquals(trained, Files.readAllBytes(m), "the killed run had written nothing");
        assertTrue(Files.exists(dir.resolve(".m.vrnn.lock")), "the killed run's lock file is left");
        Cli after = train("--data", in.toString(), "--out", m.toString(), "--iterations", "7");
        assertEquals(0, after.exit, after::toString);
        assertEquals(7, Checkpoint.read(m).state.iteration);
        assertFalse(Files.exists(dir.resolve(".m.vrnn.lock")), "and removed by the run that took it over");
    }

    /**
     * A run in this JVM keeps its OS lock while other runs here are refused: refusing them must
     * not open the lock file, since closing any descriptor of it would drop this process's lock.
     */
    @Test
    void aRefusalInThisJvmKeepsTheLockAgainstOtherProcesses() throws Exception {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        TrainSettings tiny = TrainSettings.builder().hidden(8).seqLength(8).iterations(5).sampleEvery(0).build();
        try (Training held = Training.newRun(tiny).text(TrainingText.file(in)).output(m).threads(1).build()) {
            for (int i = 0; i < 3; i++) {
                assertTrue(train("--data", in.toString(), "--out", m.toString()).userError().contains("another run is writing"));
            }
            try (ChildJvm child = Cli.child(dir, List.of(), Cli.concat(Cli.concat(new String[] {"train"}, Cli.TINY),
                    "--data", in.toString(), "--out", m.toString(), "--iterations", "5"))) {
                assertEquals(2, child.waitFor(WAIT), child::toString);
                assertTrue(child.err().contains("another run is writing " + m), child::toString);
            }
            assertEquals(m, held.plan().output());
        }
        assertFalse(Files.exists(m), "nothing was written");
    }
}
