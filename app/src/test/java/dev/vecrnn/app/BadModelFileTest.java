package dev.vecrnn.app;

import dev.vecrnn.testing.ChildJvm;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.ModelFile;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.TrainState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Broken model files given to every command that reads one (sample, eval, info, train --resume):
 * one line naming the problem, exit 2, and the file as it was.
 */
class BadModelFileTest {

    @TempDir
    Path dir;
    private Path text;
    private byte[] good;

    @BeforeEach
    void trainOne() throws IOException {
        text = dir.resolve("text.txt");
        Files.writeString(text, "abcabcabd ".repeat(50));
        Path m = dir.resolve("good.vrnn");
        Cli r = Cli.run("train", "--data", text.toString(), "--iterations", "5", "--hidden", "8", "--sample-every", "0",
                "--out", m.toString());
        assertEquals(0, r.exit, r::toString);
        good = Files.readAllBytes(m);
    }

    private void assertEveryCommandRefuses(byte[] content, String... fragments) throws IOException {
        Path bad = dir.resolve("bad.vrnn");
        Files.write(bad, content);
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"sample", "--model", bad.toString(), "--length", "5"});
        commands.add(new String[] {"eval", "--model", bad.toString(), "--data", text.toString()});
        commands.add(new String[] {"info", "--model", bad.toString()});
        commands.add(new String[] {"train", "--resume", bad.toString(), "--iterations", "10", "--data", text.toString()});
        for (String[] c : commands) {
            Cli r = Cli.run(c);
            assertEquals(2, r.exit, () -> c[0] + ": " + r);
            String err = r.err.strip();
            assertFalse(err.contains("\n"), "one line: " + r);
            assertTrue(err.startsWith("vecrnn: ") && err.contains("bad.vrnn"), r::toString);
            assertFalse(err.contains("Exception"), r::toString);
            for (String f : fragments) {
                assertTrue(err.contains(f), c[0] + " should say '" + f + "': " + r);
            }
            assertTrue(r.out.isEmpty(), c[0] + " printed nothing: " + r);
            assertArrayEquals(content, Files.readAllBytes(bad), c[0] + " left the file as it was");
        }
    }

    @Test
    void truncated() throws IOException {
        assertEveryCommandRefuses(Arrays.copyOf(good, good.length - 100), "truncated");
    }

    @Test
    void corrupted() throws IOException {
        byte[] b = good.clone();
        b[b.length / 2] ^= 0x01;
        assertEveryCommandRefuses(b, "corrupted", "checksum");
    }

    @Test
    void empty() throws IOException {
        assertEveryCommandRefuses(new byte[0], "empty");
    }

    @Test
    void foreign() throws IOException {
        assertEveryCommandRefuses(Files.readAllBytes(text), "not a vecrnn model");
    }

    @Test
    void newerFormatVersion() throws IOException {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).putInt(8, ModelFile.VERSION + 1);
        assertEveryCommandRefuses(b, "format version " + (ModelFile.VERSION + 1), "newer vecrnn");
    }

    @Test
    void missingAndFolder() {
        Cli r = Cli.run("sample", "--model", dir.resolve("nope.vrnn").toString());
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("no such model file"), r::toString);
        Cli f = Cli.run("info", "--model", dir.toString());
        assertEquals(2, f.exit, f::toString);
        assertTrue(f.err.contains("is a folder"), f::toString);
    }

    /** A model far larger than the heap: the child JVM gets 48 MB, the file needs several times that. */
    @Test
    void modelTooLargeForTheHeapSaysHowMuchItNeeds() throws Exception {
        assumeTrue(ChildJvm.canSignal(), "needs a Unix-like system to start a child JVM");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            pieces.add(Character.toString(0x4E00 + i));
        }
        LanguageModel m = new LanguageModel(ModelSpec.rnn(pieces.size(), 1200)); // 7.2 M parameters, 29 MB
        Path big = dir.resolve("big.vrnn");
        new Checkpoint(m, new Vocabulary(pieces), "char", Map.of(), "adagrad", Map.of(), new OptimizerState(0, Map.of()),
                new TrainState(0, m.newState(1), 1), Map.of()).write(big);
        byte[] before = Files.readAllBytes(big);
        try (ChildJvm child = Cli.child(dir, List.of("-Xmx48m"), "sample", "--model", big.toString(), "--length", "3")) {
            assertEquals(2, child.waitFor(Duration.ofSeconds(60)), child::toString);
            String err = child.err().strip();
            String last = err.substring(err.lastIndexOf('\n') + 1);
            assertTrue(last.startsWith("vecrnn: loading " + big) && last.contains("needs about") && last.contains("-Xmx"), child::toString);
            assertFalse(child.err().contains("OutOfMemoryError"), child::toString);
        }
        assertArrayEquals(before, Files.readAllBytes(big));
    }
}
