package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train and sample end to end through the command line. */
class TrainAndSampleTest {

    @TempDir
    Path dir;

    @Test
    void trainsOnTheBuiltInCorpusPrintsTheSeedsLinesAndWritesAModel() {
        Path model = dir.resolve("m.vrnn");
        Cli r = Cli.run("train", "--iterations", "201", "--sample-every", "100", "--sample-length", "30",
                "--hidden", "32", "--out", model.toString());
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.startsWith("data has 28389 tokens, 2618 unique."), r::toString);
        assertEquals(3, count(r.out, "(?m)^iter \\d+, loss: \\d+\\.\\d{6}$"), r::toString);
        assertTrue(r.out.contains("iter 200, loss: "), r::toString);
        assertEquals(6, count(r.out, "(?m)^----$"), "three samples between dashes\n" + r);
        assertTrue(r.out.contains("tokens/s"), r::toString);
        assertTrue(Files.isRegularFile(model));
        Checkpoint cp = Checkpoint.read(model);
        assertEquals(201, cp.state.iteration);
        assertEquals(2618, cp.vocabulary.size());
        // the smooth loss fell from its start of -log(1/V) * 25
        assertTrue(cp.state.smoothLoss < Math.log(2618) * 25, "smooth loss " + cp.state.smoothLoss);
    }

    @Test
    void samplesFromATrainedModelReproduciblyWithPrime() {
        Path model = dir.resolve("m.vrnn");
        Path data = dir.resolve("abc.txt");
        write(data, "hello world, hello vecrnn! ".repeat(40));
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--iterations", "300", "--hidden", "24",
                "--sample-every", "0", "--out", model.toString()).exit);
        Cli a = Cli.run("sample", "--model", model.toString(), "--length", "50", "--seed", "7", "--prime", "hel");
        Cli b = Cli.run("sample", "--model", model.toString(), "--length", "50", "--seed", "7", "--prime", "hel");
        assertEquals(0, a.exit, a::toString);
        assertEquals(a.out, b.out, "same seed, same text");
        assertTrue(a.out.startsWith("hel"), a::toString);
        assertEquals(3 + 50, a.out.strip().length() + countTrailingSpace(a.out), a::toString);
        for (char c : a.out.toCharArray()) {
            assertTrue("helo wrd,vcn!\n".indexOf(c) >= 0, "only characters of the training text: " + a.out);
        }
    }

    private static int countTrailingSpace(String s) {
        String noNewline = s.substring(0, s.length() - 1);
        return noNewline.length() - noNewline.strip().length();
    }

    @Test
    void argmaxSamplingOfATrainedModelFollowsTheText() {
        Path model = dir.resolve("m.vrnn");
        Path data = dir.resolve("abc.txt");
        write(data, "abcdefgh".repeat(200));
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--iterations", "400", "--hidden", "16",
                "--sample-every", "0", "--out", model.toString()).exit);
        Cli s = Cli.run("sample", "--model", model.toString(), "--length", "16", "--argmax", "--prime", "ab");
        assertEquals(0, s.exit, s::toString);
        assertEquals("ab" + "cdefghab".repeat(2), s.out.strip());
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static void write(Path p, String s) {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
