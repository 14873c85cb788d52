package dev.vecrnn.app;

import dev.vecrnn.testing.ChildJvm;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Signals sent to a real training process: Ctrl-C and SIGTERM save a checkpoint and exit with
 * 130 and 143; a second Ctrl-C during a write quits at once and keeps the last complete file;
 * SIGKILL during a write leaves the previous file intact.
 */
class InterruptTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Hook of dev.vecrnn.internal.io.AtomicFile (see there): writes after the first N pause for good. */
    private static final String PAUSE = "-Dvecrnn.test.pauseWritesAfter=";
    private static final String PAUSED = "vecrnn: test hook: write paused";

    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void canSignal() {
        assumeTrue(ChildJvm.canSignal(), "needs the kill command");
        model = dir.resolve("m.vrnn");
    }

    private ChildJvm train(List<String> jvm, String... extra) throws IOException {
        String[] base = {"train", "--iterations", "1000000", "--hidden", "16", "--sample-every", "10", "--sample-length", "5",
                "--eval-every", "0", "--threads", "1", "--out", model.toString()};
        return Cli.child(dir, jvm, ResumeTest.concat(base, extra));
    }

    private static long lastLoggedIteration(String out) {
        Matcher m = Pattern.compile("(?m)^iter (\\d+), loss").matcher(out);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    @Test
    void ctrlCSavesACheckpointAndExits130AndTheResumeMatchesAnUnbrokenRun() throws Exception {
        assumeFalse(ChildJvm.sigintIgnored(), "SIGINT is ignored in this process (a background job?) and so in its children");
        long stoppedAt;
        try (ChildJvm child = train(List.of(), "--checkpoint-every", "0")) {
            child.awaitOutput("iter 20, loss", WAIT);
            child.signal("INT");
            assertEquals(130, child.waitFor(WAIT), child::toString);
            assertTrue(child.err().contains("SIGINT: stopping after this iteration"), child::toString);
            assertTrue(child.out().contains("interrupted after"), child::toString);
            stoppedAt = Checkpoint.read(model).state.iteration;
            assertTrue(stoppedAt > lastLoggedIteration(child.out()), "the checkpoint has every iteration done: " + stoppedAt);
            assertTrue(child.out().contains("continue with: vecrnn train --resume " + model + " --iterations 1000000"), child::toString);
        }
        // resumed to 40 more iterations, it is the run that was never interrupted
        long target = stoppedAt + 40;
        Cli r = Cli.run("train", "--resume", model.toString(), "--iterations", Long.toString(target));
        assertEquals(0, r.exit, r::toString);
        Path whole = dir.resolve("whole.vrnn");
        Cli w = Cli.run("train", "--iterations", Long.toString(target), "--hidden", "16", "--sample-every", "10",
                "--sample-length", "5", "--eval-every", "0", "--threads", "1", "--out", whole.toString());
        assertEquals(0, w.exit, w::toString);
        ResumeTest.assertSameRun(Checkpoint.read(whole), Checkpoint.read(model));
    }

    @Test
    void sigtermSavesACheckpointAndExits143() throws Exception {
        try (ChildJvm child = train(List.of())) {
            child.awaitOutput("iter 10, loss", WAIT);
            child.signal("TERM");
            assertEquals(143, child.waitFor(WAIT), child::toString);
            assertTrue(child.err().contains("SIGTERM"), child::toString);
        }
        assertTrue(Checkpoint.read(model).state.iteration > 10);
    }

    @Test
    void secondCtrlCDuringAWriteQuitsAtOnceAndKeepsTheLastCompleteFile() throws Exception {
        assumeFalse(ChildJvm.sigintIgnored(), "SIGINT is ignored in this process (a background job?) and so in its children");
        try (ChildJvm child = train(List.of(PAUSE + "1"), "--checkpoint-every", "5")) {
            child.awaitOutput("saved " + model + " after 5 iterations", WAIT);
            child.awaitOutput(PAUSED, WAIT); // the write after 10 iterations hangs halfway
            child.signal("INT");
            child.awaitOutput("SIGINT: stopping", WAIT);
            child.signal("INT");
            assertEquals(130, child.waitFor(WAIT), child::toString);
            assertTrue(child.err().contains("stopped at once"), child::toString);
        }
        assertEquals(5, Checkpoint.read(model).state.iteration, "the last complete checkpoint");
        assertEquals(1, leftovers().size(), "the abandoned write's temporary file");
        Cli r = Cli.run("train", "--resume", model.toString(), "--iterations", "8");
        assertEquals(0, r.exit, r::toString);
        assertEquals(0, leftovers().size(), "cleaned up by the next write");
    }

    @Test
    void sigkillDuringACheckpointWriteLeavesThePreviousFileIntact() throws Exception {
        try (ChildJvm child = train(List.of(PAUSE + "1"), "--checkpoint-every", "5")) {
            child.awaitOutput(PAUSED, WAIT);
            child.signal("KILL");
            assertEquals(137, child.waitFor(WAIT), child::toString);
        }
        Checkpoint cp = Checkpoint.read(model);
        assertEquals(5, cp.state.iteration);
        assertFalse(leftovers().isEmpty(), "the killed write's temporary file is there");
        Cli r = Cli.run("train", "--resume", model.toString(), "--iterations", "12");
        assertEquals(0, r.exit, r::toString);
        assertEquals(12, Checkpoint.read(model).state.iteration);
        assertTrue(leftovers().isEmpty());
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".m.vrnn.") && p.toString().endsWith(".tmp")).toList();
        }
    }
}
