package dev.vecrnn.server;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingText;

import java.nio.file.Path;

/** Small models trained in a moment, for servers under test. */
final class TestModels {
    /** English, Chinese and an emoji: the characters the tests' prompts use. */
    static final String TEXT = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。😀\n";

    private TestModels() {
    }

    /** A character-level LSTM trained on {@link #TEXT}, saved as {@code dir/name.vrnn}. */
    static Model train(Path dir, String name) {
        Path out = dir.resolve(name + ".vrnn");
        TrainSettings s = TrainSettings.builder().cell(CellType.LSTM).hidden(24).layers(1).seqLength(16).batchSize(4)
                .optimizer("adam").iterations(40).sampleEvery(0).build();
        try (Training t = Training.newRun(s).text(TrainingText.of(TEXT.repeat(30), name)).output(out).threads(1).build()) {
            t.run();
        }
        return Model.load(out);
    }
}
