package dev.vecrnn.app;

import dev.vecrnn.testing.ReadOnlyFolder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes a user makes with train: one line, exit code 2, no stack trace, no model file. */
class TrainBadInputTest {

    @TempDir
    Path dir;

    private Cli train(String... extra) {
        String[] args = Stream.concat(Stream.of("train", "--out", dir.resolve("m.vrnn").toString(),
                "--iterations", "5", "--sample-every", "0"), Stream.of(extra)).toArray(String[]::new);
        return Cli.run(args);
    }

    private void assertUserError(Cli r, String... fragments) {
        assertEquals(2, r.exit, r::toString);
        String err = r.err.strip();
        assertFalse(err.contains("\n"), "one line:\n" + r);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace:\n" + r);
        assertTrue(err.startsWith("vecrnn: "), r::toString);
        for (String f : fragments) {
            assertTrue(err.contains(f), "message should mention '" + f + "':\n" + r);
        }
        assertFalse(Files.exists(dir.resolve("m.vrnn")), "no model file left behind");
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void missingDataFile() {
        assertUserError(train("--data", dir.resolve("nope.txt").toString()), "no such file", "nope.txt");
    }

    @Test
    void unknownTokenizerListsTheKnownOnes() {
        assertUserError(train("--tokenizer", "klingon"), "unknown tokenizer 'klingon'", "char");
    }

    @Test
    void unknownOptimizerListsTheKnownOnes() {
        assertUserError(train("--optimizer", "magic"), "unknown optimizer 'magic'", "adagrad");
    }

    @Test
    void nonPositiveSizesAndRates() {
        assertUserError(train("--hidden", "0"), "--hidden");
        assertUserError(train("--seq-length", "-3"), "--seq-length");
        assertUserError(train("--lr", "0"), "--lr");
        assertUserError(train("--lr", "-0.1"), "--lr");
        assertUserError(train("--iterations", "0"), "--iterations");
        assertUserError(train("--sample-length", "-1"), "--sample-length");
    }

    @Test
    void notANumber() {
        assertUserError(train("--hidden", "many"), "--hidden");
    }

    @Test
    void textShorterThanOneChunk() throws IOException {
        Path data = dir.resolve("short.txt");
        Files.writeString(data, "abcdefghij"); // 10 tokens
        assertUserError(train("--data", data.toString(), "--seq-length", "10"), "10 tokens", "--seq-length");
    }

    @Test
    void textOfExactlyOneChunkTrains() throws IOException {
        Path data = dir.resolve("short.txt");
        Files.writeString(data, "abcdefghijk"); // 11 tokens = seq-length + 1
        Cli r = train("--data", data.toString(), "--seq-length", "10");
        assertEquals(0, r.exit, r::toString);
    }

    @Test
    void outputFolderMissing() {
        Cli r = Cli.run("train", "--out", dir.resolve("no/such/dir/m.vrnn").toString(), "--iterations", "5");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("does not exist"), r::toString);
    }

    @Test
    void dataIsAFolder() {
        assertUserError(train("--data", dir.toString()), "is a folder", "give a text file");
    }

    @Test
    void outputFolderReadOnly() throws Exception {
        Path ro = dir.resolve("ro");
        Files.createDirectory(ro);
        Path existing = ro.resolve("m.vrnn");
        Files.writeString(existing, "an old model");
        try (ReadOnlyFolder f = ReadOnlyFolder.make(ro)) {
            Cli r = Cli.run("train", "--out", f.path().resolve("m.vrnn").toString(), "--iterations", "5", "--sample-every", "0");
            assertEquals(2, r.exit, r::toString);
            assertTrue(r.err.contains("is not writable"), r::toString);
            assertFalse(r.err.strip().contains("\n"), "one line:\n" + r);
            assertTrue(r.out.isEmpty(), "fails before any work: " + r);
        }
        assertEquals("an old model", Files.readString(existing));
    }

    @Test
    void modelTooLargeForTheHeap() {
        Cli r = train("--hidden", "100000");
        assertUserError(r, "needs about", "GB of memory", "-Xmx");
    }

    @Test
    void badValidationAndCheckpointSettings() throws IOException {
        assertUserError(train("--val-fraction", "1"), "--val-fraction");
        assertUserError(train("--val-fraction", "-0.5"), "--val-fraction");
        assertUserError(train("--eval-every", "-1"), "--eval-every");
        assertUserError(train("--checkpoint-every", "-1"), "--checkpoint-every");
        Path data = dir.resolve("short.txt");
        Files.writeString(data, "abcdefghijklmnopqrstuvwxyz0123456789"); // 36 tokens: 5% is 1
        assertUserError(train("--data", data.toString(), "--seq-length", "5", "--val-fraction", "0.05"), "--val-fraction 0");
        Files.writeString(data, "abcdefghijklmnopqrstuvwxyz0123456789abcd"); // 40 tokens: 2 held out leave 38
        assertUserError(train("--data", data.toString(), "--seq-length", "38", "--val-fraction", "0.05"),
                "38 tokens", "2 tokens are held out", "--val-fraction 0");
        Files.delete(data);
    }

    @Test
    void theDefaultFractionStepsAsideForATinyText() throws IOException {
        Path data = dir.resolve("short.txt");
        Files.writeString(data, "abcdefghijklmnopqrstuvwxyz0123456789");
        Cli r = train("--data", data.toString(), "--seq-length", "5");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("too short to hold out a validation set"), r::toString);
    }

    @Test
    void reportPathIsAFile() throws IOException {
        Path f = dir.resolve("report.txt");
        Files.writeString(f, "x");
        Cli r = train("--report", f.toString());
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("is a file; give a folder"), r::toString);
        assertEquals("x", Files.readString(f));
    }

    @Test
    void aFailedRunLeavesAnExistingModelFileAlone() throws IOException {
        Path m = dir.resolve("m.vrnn");
        Files.writeString(m, "an old model");
        for (String[] bad : new String[][] {{"--hidden", "0"}, {"--data", dir.resolve("nope.txt").toString()},
                {"--hidden", "100000"}, {"--tokenizer", "klingon"}}) {
            Cli r = train(bad);
            assertEquals(2, r.exit, r::toString);
            assertEquals("an old model", Files.readString(m));
        }
    }

    @Test
    void unknownFlag() {
        Cli r = train("--hiden", "5");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("--hiden"), r::toString);
        assertFalse(r.err.strip().contains("\n"), "one line:\n" + r);
    }
}
