package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model options of {@code vecrnn train}: what they build, and one-line errors with exit 2 for bad values. */
class ModelCliTest {

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one command line. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.execute(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path text() throws IOException {
        Path f = dir.resolve("text.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append("the cat sat on the mat. the dog sat on the log.\n");
        }
        Files.writeString(f, sb.toString());
        return f;
    }

    /** {@code train} on a small text with small sizes; {@code options} (name, value, ...) add to or replace them. */
    private Result train(String... options) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("--data", text().toString());
        opts.put("--hidden", "8");
        opts.put("--seq-length", "10");
        opts.put("--iterations", "3");
        opts.put("--sample-every", "0");
        opts.put("--threads", "1");
        opts.put("--out", dir.resolve("m.vrnn").toString());
        for (int i = 0; i < options.length; i += 2) {
            opts.put(options[i], options[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("train"));
        opts.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return run(args.toArray(new String[0]));
    }

    private void assertUserError(Result r, String mentions) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), "one line: " + r.err());
        assertTrue(r.err().startsWith("vecrnn: "), r.err());
        assertTrue(r.err().contains(mentions), "should mention " + mentions + ": " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("m.vrnn")), "no model file on bad input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.5", "-0.1", "NaN"})
    void dropoutOutsideZeroToOneIsRefused(String p) throws IOException {
        assertUserError(train("--model", "lstm", "--layers", "2", "--dropout", p), "--dropout");
    }

    @Test
    void dropoutWithOneLayerIsRefused() throws IOException {
        assertUserError(train("--model", "gru", "--dropout", "0.5"), "--layers 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void layersBelowOneAreRefused(String n) throws IOException {
        assertUserError(train("--model", "lstm", "--layers", n), "--layers");
    }

    @Test
    void batchTooLargeForTheTextIsRefused() throws IOException {
        // 2,880 characters in 300 streams: 9 each, fewer than one chunk of 10 steps + 1
        assertUserError(train("--model", "lstm", "--batch-size", "300"), "--batch-size");
    }

    @Test
    void unknownCellIsRefusedWithTheChoices() throws IOException {
        Result r = train("--model", "transformer");
        assertUserError(r, "transformer");
        assertTrue(r.err().contains("rnn, lstm, gru"), r.err());
    }

    @Test
    void forgetBiasIsForLstmOnly() throws IOException {
        assertUserError(train("--model", "gru", "--forget-bias", "1"), "--forget-bias");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn"})
    void trainsStackedBatchedModelsAndSamplesFromThem(String cell) throws IOException {
        Result r = train("--model", cell, "--layers", "2", "--batch-size", "4", "--optimizer", "adam",
                "--dropout", "0.25", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model " + cell + " 2x8"), r.out());
        Checkpoint cp = Checkpoint.read(dir.resolve("m.vrnn"));
        assertEquals(cell, cp.model.spec().cell().toString());
        assertEquals(2, cp.model.spec().layers());
        assertEquals(0.25f, cp.model.spec().dropout());
        assertEquals(4 * cp.model.stateSize(0), cp.state.carried[0].length, "the state of 4 streams is kept");

        Result s = run("sample", "--model", dir.resolve("m.vrnn").toString(), "--length", "20", "--seed", "1");
        assertEquals(0, s.code(), s.err());
        assertFalse(s.out().isBlank());
    }

    @Test
    void forgetBiasSetsTheForgetGateOnly() throws IOException {
        assertEquals(0, train("--model", "lstm", "--forget-bias", "2.5", "--iterations", "1", "--optimizer", "adam",
                "--lr", "1e-9").code());
        float[] bias = Checkpoint.read(dir.resolve("m.vrnn")).model.param("layer0.bias").w();
        int h = 8;
        for (int i = 0; i < 4 * h; i++) {
            float expected = i >= h && i < 2 * h ? 2.5f : 0f;
            assertEquals(expected, bias[i], 1e-6, "bias " + i);
        }
    }
}
