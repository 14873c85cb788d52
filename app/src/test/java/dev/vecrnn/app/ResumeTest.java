package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.api.CellType;
import dev.vecrnn.internal.model.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** train --resume: N + resume to 2N equals 2N in one go, bit for bit; what may and may not change. */
class ResumeTest {

    @TempDir
    Path dir;

    static String[] args(String... a) {
        return a;
    }

    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Everything a continued run depends on is equal, to the bit. */
    static void assertSameRun(Checkpoint a, Checkpoint b) {
        assertEquals(a.state.iteration, b.state.iteration);
        for (Param p : a.model.params()) {
            assertArrayEquals(p.w(), b.model.param(p.name()).w(), p.name());
        }
        assertEquals(a.optimizerState.steps(), b.optimizerState.steps());
        assertEquals(a.optimizerState.arrays().keySet(), b.optimizerState.arrays().keySet());
        a.optimizerState.arrays().forEach((k, v) -> assertArrayEquals(v, b.optimizerState.arrays().get(k), k));
        for (int l = 0; l < a.state.carried.length; l++) {
            assertArrayEquals(a.state.carried[l], b.state.carried[l], "carried state of layer " + l);
        }
        assertEquals(a.state.smoothLoss, b.state.smoothLoss);
        assertEquals(a.state.position, b.state.position);
        assertEquals(a.state.rngs().keySet(), b.state.rngs().keySet());
        a.state.rngs().forEach((k, r) -> assertEquals(r.state(), b.state.rngs().get(k).state(), "generator " + k));
    }

    private void halvesEqualWhole(String... modelArgs) {
        String[] common = concat(modelArgs, "--batch-size", "2", "--seq-length", "12", "--sample-every", "25",
                "--sample-length", "20", "--eval-every", "20", "--threads", "2", "--seed", "11");
        Path whole = dir.resolve("whole.vrnn");
        Path half = dir.resolve("half.vrnn");
        Cli w = Cli.run(concat(concat(args("train", "--iterations", "120", "--out", whole.toString()), common)));
        assertEquals(0, w.exit, w::toString);
        Cli h = Cli.run(concat(concat(args("train", "--iterations", "60", "--checkpoint-every", "0", "--out", half.toString()), common)));
        assertEquals(0, h.exit, h::toString);
        assertEquals(60, Checkpoint.read(half).state.iteration);
        Cli r = Cli.run("train", "--resume", half.toString(), "--iterations", "120");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.out.contains("resuming " + half + " after 60 iterations"), r::toString);
        assertSameRun(Checkpoint.read(whole), Checkpoint.read(half));
        // the samples of the second half are those of the whole run's second half
        assertEquals(samplesFrom(w.out, 3), samplesFrom(r.out, 0), "same samples after the resume (at 75 and 100)");
        assertEquals(2, samplesFrom(r.out, 0).size());
    }

    /** Sample texts in output order, skipping the first {@code skip}. */
    private static List<String> samplesFrom(String out, int skip) {
        List<String> s = new ArrayList<>();
        String[] parts = out.split("----\n");
        for (int i = 1; i < parts.length; i += 2) {
            s.add(parts[i]);
        }
        return s.subList(Math.min(skip, s.size()), s.size());
    }

    @Test
    void rnnWithAdagradResumesBitForBit() {
        halvesEqualWhole("--model", "rnn", "--optimizer", "adagrad", "--hidden", "24", "--layers", "2");
    }

    @Test
    void lstmWithAdamResumesBitForBit() {

        halvesEqualWhole("--model", "lstm", "--optimizer", "adam", "--lr", "0.002", "--hidden", "24", "--layers", "2");
    }

    private Path trained(int iterations, String... extra) {
        Path m = dir.resolve("m.vrnn");
        Cli r = Cli.run(concat(args("train", "--iterations", Integer.toString(iterations), "--hidden", "16",
                "--sample-every", "0", "--checkpoint-every", "0", "--out", m.toString()), extra));
        assertEquals(0, r.exit, r::toString);
        return m;
    }

    @Test
    void withoutIterationsItGoesOnToTheRunsTargetAndThenAsksForMore() throws IOException {
        Path m = trained(30);
        // pretend the first session was stopped at 30 of 50
        Cli a = Cli.run("train", "--resume", m.toString(), "--iterations", "50", "--checkpoint-every", "0", "--eval-every", "0");
        assertEquals(0, a.exit, a::toString);
        assertEquals(50, Checkpoint.read(m).state.iteration);
        byte[] before = Files.readAllBytes(m);
        Cli b = Cli.run("train", "--resume", m.toString());
        assertEquals(2, b.exit, b::toString);
        assertTrue(b.err.contains("has already done 50 iterations") && b.err.contains("--iterations 100"), b::toString);
        Cli c = Cli.run("train", "--resume", m.toString(), "--iterations", "40");
        assertEquals(2, c.exit, c::toString);
        assertTrue(c.err.contains("--iterations 40 counts the whole run"), c::toString);
        assertArrayEquals(before, Files.readAllBytes(m), "a refused resume leaves the file alone");
    }

    @Test
    void optionsThatFixTheRunCannotChange() throws IOException {
        Path m = trained(10);
        byte[] before = Files.readAllBytes(m);
        String[][] cases = {
            {"--hidden", "32"}, {"--layers", "2"}, {"--model", "gru"}, {"--tokenizer", "byte"}, {"--tokenizer-opt", "x=1"},
            {"--encoding", "GBK"}, {"--min-count", "2"}, {"--max-vocab", "100"}, {"--seq-length", "30"},
            {"--batch-size", "4"}, {"--val-fraction", "0.1"}, {"--optimizer", "adam"}, {"--optimizer-opt", "eps=1e-6"},
            {"--seed", "5"},
        };
        for (String[] c : cases) {
            Cli r = Cli.run("train", "--resume", m.toString(), "--iterations", "20", c[0], c[1]);
            assertEquals(2, r.exit, r::toString);
            String err = r.err.strip();
            assertFalse(err.contains("\n"), "one line: " + r);
            assertTrue(err.contains(c[0]) && (err.contains("cannot change when resuming") || err.contains("unknown")), r::toString);
            assertArrayEquals(before, Files.readAllBytes(m), c[0] + " refused without touching the file");
        }
        // the same values are fine, and so are the ones that may change
        Cli ok = Cli.run("train", "--resume", m.toString(), "--iterations", "20", "--hidden", "16", "--seq-length", "25",
                "--encoding", "utf8", "--val-fraction", "0.05", "--lr", "0.05", "--clip", "1", "--sample-every", "5",
                "--sample-length", "10", "--eval-every", "5", "--checkpoint-every", "5", "--threads", "1");
        assertEquals(0, ok.exit, ok::toString);
        assertTrue(ok.out.contains("learning rate 0.05 (was 0.1)"), ok::toString);
        Checkpoint cp = Checkpoint.read(m);
        assertEquals(20, cp.state.iteration);
        assertEquals(0.05, cp.settings.learningRate());
        assertEquals(1.0, cp.settings.clip());
    }

    @Test
    void differentTextIsRefusedAndTheRecordedFileIsTheDefault() throws IOException {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, "the quick brown fox jumps over the lazy dog. ".repeat(40));
        Path m = trained(10, "--data", data.toString());
        byte[] before = Files.readAllBytes(m);
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "the quick brown fox jumps over the lazy cat. ".repeat(40));
        Cli r = Cli.run("train", "--resume", m.toString(), "--iterations", "20", "--data", other.toString());
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("is not the text") && r.err.contains("SHA-256"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(m));
        // without --data it finds the text where it was
        Cli s = Cli.run("train", "--resume", m.toString(), "--iterations", "20");
        assertEquals(0, s.exit, s::toString);
        // and the same text under another name is fine
        Path copy = dir.resolve("copy.txt");
        Files.copy(data, copy);
        Cli t = Cli.run("train", "--resume", m.toString(), "--iterations", "30", "--data", copy.toString());
        assertEquals(0, t.exit, t::toString);
    }

    @Test
    void outElsewhereLeavesTheResumedFileAlone() throws IOException {
        Path m = trained(10);
        byte[] before = Files.readAllBytes(m);
        Path next = dir.resolve("next.vrnn");
        Cli r = Cli.run("train", "--resume", m.toString(), "--iterations", "20", "--out", next.toString());
        assertEquals(0, r.exit, r::toString);
        assertArrayEquals(before, Files.readAllBytes(m));
        assertEquals(20, Checkpoint.read(next).state.iteration);
    }
}
