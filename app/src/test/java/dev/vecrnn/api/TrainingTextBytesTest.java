package dev.vecrnn.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.model.Param;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainingText#bytes}: a file's bytes read from elsewhere train as the file does (decoded in
 * the run's encoding, hashed as the file), so a run started from them resumes from the file.
 */
class TrainingTextBytesTest {
    private static final String TEXT = "滿紙荒唐言，一把辛酸淚。都云作者痴，誰解其中味？ ".repeat(30);

    @TempDir
    Path dir;

    private static TrainSettings gbk(int iterations) {
        return TrainSettings.builder().hidden(8).seqLength(8).iterations(iterations).sampleEvery(0).encoding("GBK").build();
    }

    @Test
    void bytesTrainAsTheFileAndResumeFromIt() throws IOException {
        Path file = dir.resolve("in.txt");
        byte[] bytes = TEXT.getBytes(Charset.forName("GBK"));
        Files.write(file, bytes);

        Training.newRun(gbk(6)).text(TrainingText.file(file)).output(dir.resolve("file.vrnn")).threads(1).build().run();
        byte[] handed = bytes.clone();
        TrainingText remote = TrainingText.bytes(handed, "hdfs://nn/in.txt");
        handed[0] = 'x'; // the text keeps its own copy
        Training.newRun(gbk(6)).text(remote).output(dir.resolve("bytes.vrnn")).threads(1).build().run();

        Checkpoint fromFile = Checkpoint.read(dir.resolve("file.vrnn"));
        Checkpoint fromBytes = Checkpoint.read(dir.resolve("bytes.vrnn"));
        for (Param p : fromFile.model.params()) {
            assertArrayEquals(p.w(), fromBytes.model.param(p.name()).w(), p.name());
        }
        assertEquals(fromFile.data.get("data.sha256"), fromBytes.data.get("data.sha256"));
        assertEquals("GBK", fromBytes.data.get("data.encoding"));
        assertEquals("hdfs://nn/in.txt", fromBytes.data.get("data.name"));
        assertFalse(fromBytes.data.containsKey("data.path"));

        // the local file is accepted as the text of the run started from its bytes
        Training.resume(dir.resolve("bytes.vrnn")).text(TrainingText.file(file)).settings(s -> s.toBuilder().iterations(8).build())
                .threads(1).build().run();
        assertEquals(8, Checkpoint.read(dir.resolve("bytes.vrnn")).state.iteration);
    }

    @Test
    void bytesAreDecodedStrictlyInTheRunsEncoding() {
        byte[] gbk = TEXT.getBytes(Charset.forName("GBK"));
        TrainSettings utf8 = TrainSettings.builder().hidden(8).seqLength(8).iterations(2).sampleEvery(0).build();
        VecrnnException e = assertThrows(VecrnnException.class, () -> Training.newRun(utf8)
                .text(TrainingText.bytes(gbk, "remote.txt")).output(dir.resolve("m.vrnn")).threads(1).build().run());
        assertTrue(e.getMessage().startsWith("remote.txt is not valid UTF-8 text"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("m.vrnn")));

        VecrnnException empty = assertThrows(VecrnnException.class, () -> Training.newRun(utf8)
                .text(TrainingText.bytes(new byte[0], "remote.txt")).output(dir.resolve("m.vrnn")).threads(1).build());
        assertEquals("remote.txt is empty; give a text file to train on", empty.getMessage());
    }
}
