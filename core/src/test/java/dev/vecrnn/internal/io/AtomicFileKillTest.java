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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A process killed with SIGKILL in the middle of writing a model file leaves the previous file intact. */
class AtomicFileKillTest {

    @TempDir
    Path dir;

    @Test
    void killMinus9MidWriteKeepsThePreviousFileAndTheNextWriteCleansUp() throws Exception {
        assumeTrue(ChildJvm.canSignal(), "needs the kill command");
        Path target = dir.resolve("m.vrnn");
        try (ChildJvm child = ChildJvm.start(dir, List.of("-D" + AtomicFile.PAUSE_PROPERTY + "=1"),
                WriteTwiceMain.class.getName(), List.of(target.toString()))) {
            child.awaitOutput(AtomicFile.PAUSE_MESSAGE, Duration.ofSeconds(60));
            assertTrue(child.out().contains("first write done"), child::out);
            List<Path> partial = leftovers();
            assertEquals(1, partial.size(), "the second write is under way in a temporary file");
            assertTrue(Files.size(partial.get(0)) >= 4096, "and has bytes in it");

            child.signal("KILL");
            int exit = child.waitFor(Duration.ofSeconds(30));
            assertNotEquals(0, exit);
            assertFalse(child.out().contains("second write done"));
        }
        // the previous file is whole, and it is the first write's content
        ModelFile.Contents c = ModelFile.read(target);
        assertFalse(c.properties().containsKey("generation"));
        assertEquals(ModelFileTest.sample().vocabulary(), c.vocabulary());
        assertEquals(1, leftovers().size(), "the killed write's temporary file is still there");

        // the next write succeeds and removes the leftover
        ModelFile.write(target, ModelFileTest.sample());
        assertEquals(0, leftovers().size(), "no stray temporary file after the next write");
        ModelFile.read(target);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".m.vrnn.")).toList();
        }
    }
}
