package dev.vecrnn.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A model file written before the API (see the README beside the resources) still loads, samples and resumes the same. */
class LegacyModelFileTest {

    private static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = LegacyModelFileTest.class.getResourceAsStream(name)) {
            Path p = dir.resolve(name.replace(".model", ".vrnn"));
            Files.copy(in, p);
            return p;
        }
    }

    @Test
    void loadsSamplesAndMeasuresAsTheVersionThatWroteIt(@TempDir Path dir) throws IOException {
        Path file = resource(dir, "legacy-v1.model");
        Model m = Model.load(file);
        String before;
        try (InputStream in = LegacyModelFileTest.class.getResourceAsStream("legacy-v1-sample.txt")) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SampleSettings s = SampleSettings.builder().length(60).temperature(0.9).seed(5L).build();
        assertEquals(before, "the cat" + m.sampleText("the cat", s) + "\n", "the same text as the old sample command");
        Path text = resource(dir, "legacy.txt");
        assertEquals("2.8610", String.format(java.util.Locale.ROOT, "%.4f", m.evaluate(text, null, 1).lossPerToken()));

        ModelInfo info = m.info();
        assertEquals(CellType.LSTM, info.cell());
        assertEquals(40, info.iterations());
        TrainSettings t = info.settings();
        assertEquals(10, t.seqLength());
        assertEquals(2, t.batchSize());
        assertEquals("adam", t.optimizer());
        assertEquals(0.002, t.learningRate());
        assertEquals(20, t.evalEvery());
        assertNull(t.lrDecay());
    }

    @Test
    void resumesWithItsSavedSettings(@TempDir Path dir) throws IOException {
        Path file = resource(dir, "legacy-v1.model");
        Path text = resource(dir, "legacy.txt");
        try (Training t = Training.resume(file).settings(s -> s.toBuilder().iterations(50).build())
                .text(TrainingText.file(text)).threads(1).build()) {
            assertEquals(40, t.plan().iterationsDone());
            TrainingResult r = t.run();
            assertEquals(10, r.iterations());
        }
        ModelInfo after = ModelInfo.read(file);
        assertEquals(50, after.iterations());
        assertEquals(10, after.settings().seqLength(), "the settings carried over into the new file");
    }
}
