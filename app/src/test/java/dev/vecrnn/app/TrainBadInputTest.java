package dev.vecrnn.app;

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
    void unknownFlag() {
        Cli r = train("--hiden", "5");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("--hiden"), r::toString);
        assertFalse(r.err.strip().contains("\n"), "one line:\n" + r);
    }
}
