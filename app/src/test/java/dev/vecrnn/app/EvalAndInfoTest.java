package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvalAndInfoTest {
    private static final String TEXT = "It was the best of times, it was the worst of times, it was the age of wisdom. ";

    @TempDir
    Path dir;

    private Path train(Path data, String... extra) {
        Path m = dir.resolve("m.vrnn");
        Cli r = Cli.run(ResumeTest.concat(new String[] {"train", "--data", data.toString(), "--iterations", "150", "--hidden", "24",
                "--sample-every", "0", "--eval-every", "50", "--out", m.toString()}, extra));
        assertEquals(0, r.exit, r::toString);
        return m;
    }

    @Test
    void evalOnTheHeldOutTailGivesTheTrainingsValidationLoss() throws Exception {
        Path data = dir.resolve("text.txt");
        String text = TEXT.repeat(30);
        Files.writeString(data, text);
        Path m = train(data, "--val-fraction", "0.1");
        Checkpoint cp = Checkpoint.read(m);
        int held = Integer.parseInt(cp.data.get("data.valTokens"));
        assertEquals(text.length() / 10, held);
        Path tail = dir.resolve("tail.txt");
        Files.writeString(tail, text.substring(text.length() - held));
        Cli e = Cli.run("eval", "--model", m.toString(), "--data", tail.toString());
        assertEquals(0, e.exit, e::toString);
        double loss = cp.state.lastValLoss;
        assertTrue(e.out.contains(String.format(Locale.ROOT, "loss %.4f nats/token, perplexity %.2f, %.3f bits/token",
                loss, Math.exp(loss), loss / Math.log(2))), e + "\nexpected loss " + loss);
        assertTrue(e.out.contains(held + " tokens, " + (held - 1) + " predictions"), e::toString);
    }

    @Test
    void unknownPiecesAreLeftOutWithoutUnkAndScoredWithIt() throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT.repeat(30));
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "It was the QUIET age of wisdom. ".repeat(3));

        Path m = train(data);
        Cli e = Cli.run("eval", "--model", m.toString(), "--data", other.toString());
        assertEquals(0, e.exit, e::toString);
        assertTrue(e.out.contains("12 of them (12.50%) not in the model's vocabulary: left out (the model has no <unk>)"), e::toString);
        assertTrue(e.out.contains("96 tokens, 83 predictions"), e::toString);

        Path u = train(data, "--min-count", "40"); // rare letters become <unk>
        Cli f = Cli.run("eval", "--model", u.toString(), "--data", other.toString());
        assertEquals(0, f.exit, f::toString);
        assertTrue(f.out.contains("read and scored as <unk>"), f::toString);
        assertTrue(f.out.contains("96 tokens, 95 predictions"), f::toString);
    }

    @Test
    void evalNeedsTwoKnownTokensAndReadsTheModelsEncoding() throws Exception {
        Path gbk = dir.resolve("gbk.txt");
        Files.write(gbk, "滿紙荒唐言，一把辛酸淚。都云作者癡，誰解其中味？".repeat(20).getBytes(Charset.forName("GBK")));
        Path m = train(gbk, "--encoding", "GBK");
        Cli e = Cli.run("eval", "--model", m.toString(), "--data", gbk.toString());
        assertEquals(0, e.exit, "GBK without --encoding, as the model was trained: " + e);
        Path one = dir.resolve("one.txt");
        Files.writeString(one, "滿");
        Cli r = Cli.run("eval", "--model", m.toString(), "--data", one.toString(), "--encoding", "UTF-8");
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("needs at least 2"), r::toString);
        Cli d = Cli.run("eval", "--model", m.toString(), "--data", dir.toString());
        assertEquals(2, d.exit, d::toString);
        assertTrue(d.err.contains("is a folder"), d::toString);
    }

    @Test
    void infoShowsConfigurationSizeProgressAndLosses() throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT.repeat(30));
        Path m = train(data, "--seq-length", "20", "--seed", "7");
        Checkpoint cp = Checkpoint.read(m);
        Cli r = Cli.run("info", "--model", m.toString());
        assertEquals(0, r.exit, r::toString);
        String o = r.out;
        int v = cp.vocabulary.size();
        assertTrue(o.contains("format version 1"), o);
        assertTrue(o.contains(String.format(Locale.ROOT, "rnn, 1 layer(s) of 24 units, vocabulary %,d, %,d parameters", v,
                cp.model.parameterCount())), o);
        assertTrue(o.contains("tokenizer:  char"), o);
        assertTrue(o.contains("optimizer:  adagrad, 150 steps, lr 0.1, clipping value 5.0"), o);
        assertTrue(o.contains("150 iterations done (run of 150), chunks of 20 steps x 1 stream(s), seed 7"), o);
        assertTrue(o.contains("SHA-256 " + cp.data.get("data.sha256")), o);
        assertTrue(o.contains(String.format(Locale.ROOT, "smooth %f per chunk", cp.state.smoothLoss)), o);
        assertTrue(o.contains(String.format(Locale.ROOT, "validation: %.4f nats/token", cp.state.lastValLoss)), o);
        assertTrue(o.contains("after 150 iterations; best"), o);
        assertFalse(r.err.contains("vecrnn:") && r.err.contains("error"), r::toString);
    }
}
