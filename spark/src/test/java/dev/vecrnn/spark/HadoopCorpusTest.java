package dev.vecrnn.spark;

import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.parallel.RoundsEquivalenceTest;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data} as a URI read through Spark's Hadoop configuration, in {@code local[2]}. */
class HadoopCorpusTest {
    private static final Charset GBK = Charset.forName("GBK");
    /** English and Chinese, so that reading it as UTF-8 would fail: the encoding must reach the decoder. */
    private static final String TEXT = (RoundsEquivalenceTest.TEXT + "滿紙荒唐言，一把辛酸淚！都云作者癡，誰解其中味？\n").repeat(6);

    @TempDir
    Path dir;

    private List<String> args(String data, String out, String... more) {
        List<String> a = new ArrayList<>(List.of("--master", "local[2]", "--data", data, "--encoding", "GBK", "--model", "gru",
                "--hidden", "16", "--seq-length", "10", "--batch-size", "2", "--optimizer", "adam", "--sample-every", "0",
                "--val-fraction", "0.1", "--workers", "2", "--local-iterations", "2", "--out", dir.resolve(out).toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static SparkTrainTest.Result run(List<String> args) {
        return SparkTrainTest.run(args.toArray(String[]::new));
    }

    @Test
    void aFileUriTrainsTheSameWeightsAsThePlainPathAndResumes() throws Exception {
        Path text = dir.resolve("紅樓夢 gbk.txt");
        Files.write(text, TEXT.getBytes(GBK));
        // as Hadoop (and Spark's own readers) take a path: written out, not percent-encoded
        String uri = "file://" + text.toAbsolutePath();

        SparkTrainTest.Result plain = run(args(text.toString(), "plain.vrnn", "--iterations", "4"));
        assertEquals(0, plain.status(), plain.err());
        SparkTrainTest.Result viaUri = run(args(uri, "uri.vrnn", "--iterations", "4"));
        assertEquals(0, viaUri.status(), viaUri.err());
        assertTrue(viaUri.out().contains("round 2: 4/4 iterations"), viaUri.out());

        Checkpoint fromPath = Checkpoint.read(dir.resolve("plain.vrnn"));
        Checkpoint fromUri = Checkpoint.read(dir.resolve("uri.vrnn"));
        RoundsEquivalenceTest.assertSameRun(fromPath, fromUri);
        assertEquals(fromPath.data.get("data.tokens"), fromUri.data.get("data.tokens"));
        // the bytes are hashed as a local file's, so a local copy resumes the run
        assertEquals(fromPath.data.get("data.sha256"), fromUri.data.get("data.sha256"));
        assertEquals("GBK", fromUri.data.get("data.encoding"));
        assertEquals(uri, fromUri.data.get("data.name"));
        assertFalse(fromUri.data.containsKey("data.path"), "no local path to record");

        // --resume checks the text by its hash, as for a local file
        SparkTrainTest.Result more = run(List.of("--master", "local[2]", "--resume", dir.resolve("uri.vrnn").toString(),
                "--data", uri, "--workers", "2", "--local-iterations", "2", "--iterations", "6"));
        assertEquals(0, more.status(), more.err());
        assertEquals(6, Checkpoint.read(dir.resolve("uri.vrnn")).state.iteration);

        Path other = dir.resolve("other.txt");
        Files.write(other, TEXT.replace("First", "Fist").getBytes(GBK));
        SparkTrainTest.Result wrong = run(List.of("--master", "local[2]", "--resume", dir.resolve("uri.vrnn").toString(),
                "--data", "file://" + other.toAbsolutePath(), "--workers", "2", "--iterations", "8"));
        assertEquals(2, wrong.status(), wrong.err());
        assertTrue(vecrnnLine(wrong).contains("file://" + other.toAbsolutePath() + " is not the text"), wrong.err());
        assertEquals(6, Checkpoint.read(dir.resolve("uri.vrnn")).state.iteration, "the model file is left as it was");
    }

    @Test
    void aMissingFileAndAnUnknownSchemeAreOneLineErrors() {
        String missing = "file://" + dir.resolve("missing.txt").toAbsolutePath();
        SparkTrainTest.Result none = run(args(missing, "m.vrnn", "--iterations", "2"));
        assertEquals(2, none.status(), none.err());
        assertEquals("vecrnn-spark: no such file: " + missing + "; check the path (for hdfs:// also the name node) and give it"
                + " with --data", vecrnnLine(none));

        SparkTrainTest.Result scheme = run(args("nosuch://x/y", "m.vrnn", "--iterations", "2"));
        assertEquals(2, scheme.status(), scheme.err());
        if (Runtime.version().feature() >= 23) {
            // Hadoop looks up the user (Subject.getSubject) before the scheme, and Java 23+ refuses that
            assertEquals("vecrnn-spark: cannot read nosuch://x/y: Hadoop's file systems look up the user with Subject.getSubject,"
                    + " which Java " + Runtime.version().feature() + " no longer supports; run the driver on Java 17 or 21, or give"
                    + " the file's local path", vecrnnLine(scheme));
        } else {
            assertTrue(vecrnnLine(scheme).startsWith("vecrnn-spark: cannot read nosuch://x/y: no Hadoop FileSystem for the scheme"
                    + " 'nosuch' on Spark's class path; "), scheme.err());
        }
        assertFalse(Files.exists(dir.resolve("m.vrnn")), "nothing written");
    }

    @Test
    void aFileOverTheLimitAFolderAndBadTextAreRefused() throws Exception {
        Path text = dir.resolve("c.txt");
        Files.write(text, TEXT.getBytes(GBK));
        HadoopCorpus corpus = new HadoopCorpus(new Configuration(), 100);
        String uri = "file://" + text.toAbsolutePath();
        VecrnnException big = assertThrows(VecrnnException.class, () -> corpus.bytes(uri));
        assertEquals(uri + " has " + Files.size(text) + " bytes, more than the 100 the driver reads into memory; train on a part of it",
                big.getMessage());

        HadoopCorpus roomy = new HadoopCorpus(new Configuration(), HadoopCorpus.MAX_BYTES);
        assertArrayEquals(Files.readAllBytes(text), roomy.bytes(uri));
        VecrnnException folder = assertThrows(VecrnnException.class, () -> roomy.bytes("file://" + dir.toAbsolutePath()));
        assertTrue(folder.getMessage().endsWith(" is a folder; give a text file with data"), folder.getMessage());
        // the run's encoding reaches the strict decoder: GBK bytes are not UTF-8
        List<String> asUtf8 = args(uri, "utf8.vrnn", "--iterations", "2");
        asUtf8.set(asUtf8.indexOf("GBK"), "UTF-8");
        SparkTrainTest.Result utf8 = run(asUtf8);
        assertEquals(2, utf8.status(), utf8.err());
        assertTrue(vecrnnLine(utf8).startsWith("vecrnn-spark: " + uri + " is not valid UTF-8 text"), utf8.err());
        assertTrue(vecrnnLine(utf8).contains("GBK"), "it suggests the encoding: " + utf8.err());
        assertFalse(Files.exists(dir.resolve("utf8.vrnn")), "nothing written");
    }

    @Test
    void aSchemeIsAUriAndAnythingElseALocalPath() {
        assertTrue(HadoopCorpus.isUri("hdfs://namenode:8020/corpora/wiki.txt"));
        assertTrue(HadoopCorpus.isUri("s3a://bucket/wiki.txt"));
        assertTrue(HadoopCorpus.isUri("file:///tmp/input.txt"));
        assertTrue(HadoopCorpus.isUri("file:/tmp/input.txt"));
        assertFalse(HadoopCorpus.isUri("/tmp/input.txt"));
        assertFalse(HadoopCorpus.isUri("input.txt"));
        assertFalse(HadoopCorpus.isUri("C:/corpora/input.txt"));
        assertFalse(HadoopCorpus.isUri("notes:2024.txt"));
    }

    /** The error line of the command (Spark may have logged warnings before it). */
    private static String vecrnnLine(SparkTrainTest.Result r) {
        List<String> lines = r.err().lines().filter(l -> l.startsWith("vecrnn-spark:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        return lines.get(0);
    }
}
