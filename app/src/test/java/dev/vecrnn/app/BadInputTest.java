package dev.vecrnn.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input: exit 2, one line, no stack trace, and no model file (or temporary file) left behind. */
class BadInputTest {
    private static final String CHINESE = "满纸荒唐言，一把辛酸泪！\n都云作者痴，谁解其中味？\n";

    @TempDir
    Path dir;

    private String fails(String... args) {
        Path model = dir.resolve("m.vrnn");
        List<String> before = Cli.files(dir);
        String line = Cli.run(Cli.concat(Cli.concat(new String[] {"train"}, args), Cli.concat(Cli.TINY, "--out", model.toString()))).userError();
        assertEquals(before, Cli.files(dir), "no file left behind");
        return line;
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void gbkReadAsUtf8NamesTheFlagToUse() throws Exception {
        Path f = file("hlm.txt", CHINESE.getBytes(Charset.forName("GBK")));
        String m = fails("--data", f.toString());
        assertTrue(m.startsWith("vecrnn: " + f + " is not valid UTF-8 text: bad byte 0x"), m);
        assertTrue(m.endsWith("so try --encoding GBK"), m);
    }

    @Test
    void binaryFile() throws Exception {
        Path f = file("a.out", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0});
        assertEquals("vecrnn: " + f + " looks like a binary file, not text: it has a NUL byte at offset 7",
                fails("--data", f.toString()));
    }

    @Test
    void emptyFileAndByteOrderMarkOnly() throws Exception {
        Path f = file("empty.txt", new byte[0]);
        assertEquals("vecrnn: " + f + " is empty; give a text file to train on", fails("--data", f.toString()));
        Path bom = file("bom.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertEquals("vecrnn: " + bom + " is empty; give a text file to train on", fails("--data", bom.toString()));
    }

    @Test
    void whitespaceOnlyFile() throws Exception {
        Path f = file("blank.txt", " \n\t\r\n\u3000\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("vecrnn: " + f + " holds only whitespace; give a text file to train on", fails("--data", f.toString()));
    }

    @Test
    void unknownCharsetName() throws Exception {
        Path f = file("t.txt", "text".getBytes(StandardCharsets.UTF_8));
        String m = fails("--data", f.toString(), "--encoding", "GBK2312");
        assertTrue(m.startsWith("vecrnn: unknown encoding 'GBK2312'; use a Java charset name such as UTF-8, GBK"), m);
    }

    @Test
    void missingDataFile() {
        assertEquals("vecrnn: no such file: " + dir.resolve("nope.txt"), fails("--data", dir.resolve("nope.txt").toString()));
    }

    @Test
    void unknownPluginOptionListsTheAcceptedOnes() {
        assertEquals("vecrnn: unknown option 'user_dict' for tokenizer 'jieba'; it accepts: hmm",
                fails("--tokenizer", "jieba", "--tokenizer-opt", "user_dict=x.txt"));
        assertEquals("vecrnn: unknown option 'size' for tokenizer 'char'; it takes no options",
                fails("--tokenizer-opt", "size=2"));
        String m = fails("--optimizer", "adagrad", "--optimizer-opt", "beta=0.9");
        assertTrue(m.startsWith("vecrnn: unknown option 'beta' for optimizer 'adagrad'; it accepts: "), m);
        assertEquals("vecrnn: tokenizer 'jieba' option hmm=perhaps is not true or false",
                fails("--tokenizer", "jieba", "--tokenizer-opt", "hmm=perhaps"));
    }

    @Test
    void unknownTokenizerListsTheKnownOnes() {
        String m = fails("--tokenizer", "bpe");
        assertTrue(m.startsWith("vecrnn: unknown tokenizer 'bpe'; known tokenizers: char, byte, word, jieba"), m);
        assertTrue(m.contains("--plugins"), m);
    }

    @Test
    void pluginFolderThatIsAFile() throws Exception {
        Path f = file("plugins", "not a folder".getBytes(StandardCharsets.UTF_8));
        assertEquals("vecrnn: plugin folder " + f + " is a file, not a folder; give a folder of plugin JARs with --plugins",
                fails("--plugins", f.toString()));
        assertEquals(Main.USER_ERROR, Cli.run("plugins", "--plugins", f.toString()).code());
    }

    @Test
    void pluginFolderGivenButMissing() {
        Path d = dir.resolve("no-such-folder");
        assertEquals("vecrnn: plugin folder " + d + " does not exist; give a folder of plugin JARs with --plugins",
                fails("--plugins", d.toString()));
    }
}
