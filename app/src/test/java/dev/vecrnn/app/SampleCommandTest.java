package dev.vecrnn.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sampling control of {@code vecrnn sample}, on a model that has learned a cycle of eight letters. */
class SampleCommandTest {
    private static final String CYCLE = "abcdefgh";

    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        Path data = dir.resolve("cycle.txt");
        Files.writeString(data, CYCLE.repeat(300));
        model = dir.resolve("cycle.vrnn");
        Cli r = Cli.run("train", "--data", data.toString(), "--iterations", "400", "--hidden", "16", "--sample-every", "0",
                "--val-fraction", "0", "--out", model.toString());
        assertEquals(0, r.exit, r::toString);
    }

    private static String sample(String... extra) {
        String[] args = ResumeTest.concat(new String[] {"sample", "--model", model.toString()}, extra);
        Cli r = Cli.run(args);
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.endsWith("\n"), "ends with a new line");
        return r.out.substring(0, r.out.length() - 1);
    }

    /** Fraction of adjacent pairs that follow the learned cycle. */
    private static double onCycle(String s) {
        int ok = 0;
        for (int i = 1; i < s.length(); i++) {
            if (CYCLE.indexOf(s.charAt(i)) == (CYCLE.indexOf(s.charAt(i - 1)) + 1) % CYCLE.length()) {
                ok++;
            }
        }
        return ok / (double) (s.length() - 1);
    }

    @Test
    void lengthCountsTheDrawnTokensAfterThePrime() {
        assertEquals(2 + 37, sample("--prime", "ab", "--length", "37", "--seed", "1").length());
        assertEquals("ab", sample("--prime", "ab", "--length", "0"));
        assertEquals(1 + 10, sample("--length", "10", "--seed", "3").length(), "without a prime: a random start and 10 more");
    }

    @Test
    void primeSetsTheStateArgmaxFollowsTheCycle() {
        assertEquals("abc" + "defghabc", sample("--prime", "abc", "--argmax", "--length", "8"));
        assertEquals("fg" + "habcdefg", sample("--prime", "fg", "--argmax", "--length", "8"));
    }

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        String a = sample("--seed", "42", "--length", "300", "--temperature", "3");
        assertEquals(a, sample("--seed", "42", "--length", "300", "--temperature", "3"));
        assertNotEquals(a, sample("--seed", "43", "--length", "300", "--temperature", "3"));
    }

    @Test
    void temperatureMovesBetweenTheCycleAndNoise() {
        double cold = onCycle(sample("--prime", "a", "--seed", "5", "--length", "400", "--temperature", "0.3"));
        double hot = onCycle(sample("--prime", "a", "--seed", "5", "--length", "400", "--temperature", "50"));
        assertTrue(cold > 0.95, "cold keeps to the cycle: " + cold);
        assertTrue(hot < 0.5, "hot is close to uniform over the 8 letters: " + hot);
    }

    @Test
    void topKOneAndTinyTopPAreArgmaxWhateverTheTemperature() {
        String argmax = sample("--prime", "c", "--argmax", "--length", "30");
        assertEquals(argmax, sample("--prime", "c", "--top-k", "1", "--temperature", "50", "--seed", "9", "--length", "30"));
        assertEquals(argmax, sample("--prime", "c", "--top-p", "0.001", "--temperature", "50", "--seed", "9", "--length", "30"));
    }

    @Test
    void topKLimitsTheChoiceEvenWhenHot() {
        String s = sample("--prime", "a", "--top-k", "3", "--temperature", "50", "--seed", "2", "--length", "400");
        long distinct = s.chars().distinct().count();
        assertTrue(distinct > 3, "hot sampling still moves around: " + s);
        String wide = sample("--prime", "a", "--top-k", "0", "--temperature", "50", "--seed", "2", "--length", "400");
        assertTrue(onCycle(s) > onCycle(wide), "fewer choices keep closer to the cycle");
    }

    @Test
    void tokensAreWrittenAsTheyAreDrawn() {
        int[] flushes = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        PrintStream out = new PrintStream(counting, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int exit = Main.execute(new String[] {"sample", "--model", model.toString(), "--length", "50", "--seed", "1"}, out, err);
        assertEquals(0, exit);
        assertTrue(flushes[0] >= 50, "one flush per token at least, got " + flushes[0]);
    }

    @Test
    void badSamplingOptions() {
        for (String[] bad : new String[][] {{"--temperature", "0"}, {"--top-k", "-1"}, {"--top-p", "0"}, {"--top-p", "1.5"},
                {"--length", "-1"}}) {
            Cli r = Cli.run(ResumeTest.concat(new String[] {"sample", "--model", model.toString()}, bad));
            assertEquals(2, r.exit, r::toString);
            assertTrue(r.err.contains(bad[0]), r::toString);
            assertFalse(r.err.strip().contains("\n"), r::toString);
        }
    }

    @Test
    void primeTheVocabularyCannotEncode() {
        Cli r = Cli.run("sample", "--model", model.toString(), "--prime", "abz!", "--length", "5");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("--prime") && r.err.contains("'z'") && r.err.contains("'!'"), r::toString);
        assertFalse(r.err.strip().contains("\n"), r::toString);
        assertTrue(r.out.isEmpty(), "nothing printed before the error: " + r);
    }
}
