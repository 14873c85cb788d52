package dev.vecrnn.internal.io;

import dev.vecrnn.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A process killed with SIGKILL in the middle of writing a model file leaves the previous file
 * intact. The file is many times larger than the writer's buffer and the kill comes when half of
 * it has gone to the writer, so the temporary file really is half written.
 */
class AtomicFileKillTest {

    @TempDir
    Path dir;

    @Test
    void killMinus9MidWriteKeepsThePreviousFileAndTheNextWriteCleansUp() throws Exception {
        assumeTrue(ChildJvm.canSignal(), "needs the kill command");
        long complete = completeSize();
        assertTrue(complete > 4L * AtomicFile.BUFFER_SIZE, "the file is larger than the write buffer: " + complete);
        long pauseAfter = complete / 2;

        Path target = dir.resolve("m.vrnn");
        try (ChildJvm child = ChildJvm.start(dir, List.of("-D" + WriteTwiceMain.PAUSE_AFTER + "=" + pauseAfter),
                WriteTwiceMain.class.getName(), List.of(target.toString()))) {
            child.awaitOutput(WriteTwiceMain.PAUSED, Duration.ofSeconds(60));
            assertTrue(child.out().contains(WriteTwiceMain.FIRST_DONE), child::toString);
            List<Path> partial = leftovers();
            assertEquals(1, partial.size(), "the second write is under way in a temporary file");
            long written = Files.size(partial.get(0));
            assertTrue(written >= pauseAfter - AtomicFile.BUFFER_SIZE && written <= pauseAfter,
                    "all but the buffer's last bytes of the first half are in the temporary file: " + written
                            + " of " + pauseAfter);
            assertTrue(written > 0 && written < complete, "half written: " + written + " of " + complete);

            child.signal("KILL");
            int exit = child.waitFor(Duration.ofSeconds(30));
            assertNotEquals(0, exit);
            assertFalse(child.out().contains(WriteTwiceMain.SECOND_DONE), child::toString);
        }
        // the previous file is whole (its checksum is checked on reading), and it is the first write's
        ModelFile.Contents c = ModelFile.read(target);
        assertEquals("1", c.properties().get("generation"));
        assertArrayEquals(WriteTwiceMain.contents(1).arrays().get("big").data(), c.arrays().get("big").data());
        assertEquals(1, leftovers().size(), "the killed write's temporary file is still there");

        // the next write succeeds and removes the leftover
        ModelFile.write(target, WriteTwiceMain.contents(3));
        assertEquals(0, leftovers().size(), "no stray temporary file after the next write");
        assertEquals("3", ModelFile.read(target).properties().get("generation"));
    }

    /** The size of the second write when nothing stops it. */
    private long completeSize() throws IOException {
        Path whole = Files.createDirectories(dir.resolve("whole")).resolve("m.vrnn");
        ModelFile.write(whole, WriteTwiceMain.contents(2));
        return Files.size(whole);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".m.vrnn.")).toList();
        }
    }
}
