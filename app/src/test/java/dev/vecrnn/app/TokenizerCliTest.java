package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training and sampling with each built-in tokenizer through the command line. */
class TokenizerCliTest {
    private static final String TEXT = "宝玉听了，忙笑道：“好妹妹，你别恼。”\n黛玉笑道：“你又来了。”\r\nThe end. 😀\n";

    @TempDir
    Path dir;

    private Checkpoint train(String tokenizer, Path data, String... more) {
        Path model = dir.resolve(tokenizer + ".vrnn");
        Cli r = Cli.run(Cli.concat(Cli.concat(new String[] {"train", "--data", data.toString(), "--tokenizer", tokenizer,
                "--iterations", "3", "--out", model.toString()}, Cli.TINY), more));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        return Checkpoint.read(model);
    }

    @Test
    void gbkTextWithJiebaStoresWordsAndSamplesChinese() throws Exception {
        Path data = Files.write(dir.resolve("t.gbk.txt"), TEXT.replace("😀", "").getBytes(Charset.forName("GBK")));
        Checkpoint cp = train("jieba", data, "--encoding", "GBK");
        assertEquals("jieba", cp.tokenizer);
        assertTrue(cp.vocabulary.pieces().contains("宝玉"), cp.vocabulary.pieces().toString());
        assertTrue(cp.vocabulary.pieces().contains("\r\n"), "whitespace kept as pieces");
        assertTrue(cp.vocabulary.pieces().contains("“"), "punctuation split");

        Cli s = Cli.run("sample", "--model", dir.resolve("jieba.vrnn").toString(), "--prime", "宝玉笑道",
                "--length", "20", "--seed", "3");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().startsWith("宝玉笑道"), s.out());
        assertFalse(s.out().contains("?"), "UTF-8 output whatever the platform charset: " + s.out());
    }

    @Test
    void primingWithUnseenWordsNamesThem() throws Exception {
        Path data = Files.write(dir.resolve("t.txt"), TEXT.getBytes(StandardCharsets.UTF_8));
        train("jieba", data);
        String m = Cli.run("sample", "--model", dir.resolve("jieba.vrnn").toString(), "--prime", "宝玉看见贾政",
                "--length", "5").userError();
        assertTrue(m.startsWith("vecrnn: the priming text --prime has "), m);
        assertTrue(m.contains("'看见'") && m.contains("'贾政'"), m);

        train("word", data, "--max-vocab", "8");
        Cli s = Cli.run("sample", "--model", dir.resolve("word.vrnn").toString(), "--prime", "Never seen", "--length", "5");
        assertEquals(0, s.code(), "with <unk> in the vocabulary unseen words map to it: " + s.err());
    }

    @Test
    void byteTokenizerStoresBytesAndSamplesWithoutCrashing() throws Exception {
        Path data = Files.write(dir.resolve("t.txt"), TEXT.getBytes(StandardCharsets.UTF_8));
        Checkpoint cp = train("byte", data);
        for (String p : cp.vocabulary.pieces()) {
            assertTrue(p.length() == 1 && p.charAt(0) < 256, "a byte piece: " + p);
        }
        assertTrue(cp.vocabulary.pieces().contains("\u00E5"), "the first byte of 宝 in UTF-8, 0xE5");
        for (long seed = 1; seed <= 5; seed++) {
            Cli s = Cli.run("sample", "--model", dir.resolve("byte.vrnn").toString(), "--length", "200", "--seed",
                    Long.toString(seed), "--prime", "宝");
            assertEquals(0, s.code(), s.err());
            assertTrue(s.out().startsWith("宝"), s.out());
        }
    }

    /** Under LANG=C a JDK 17 writes its platform charset, ASCII; samples must still be readable Chinese. */
    @Test
    void samplesAreUtf8WhenThePlatformCharsetIsAscii() throws Exception {
        Path data = Files.write(dir.resolve("t.txt"), TEXT.getBytes(StandardCharsets.UTF_8));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Dfile.encoding=US-ASCII", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--data", data.toString(), "--iterations", "1", "--sample-every", "1",
                "--sample-length", "40", "--hidden", "8", "--out", dir.resolve("a.vrnn").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String sample = out.split("----\n")[1];
        assertTrue(sample.codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF), sample);
        assertFalse(sample.contains("?"), sample);
    }

    @Test
    void charAndWordTrainOnTheSameText() throws Exception {
        Path data = Files.write(dir.resolve("t.txt"), TEXT.getBytes(StandardCharsets.UTF_8));
        assertTrue(train("char", data).vocabulary.pieces().contains("😀"));
        assertTrue(train("word", data).vocabulary.pieces().contains("end"));
    }
}
