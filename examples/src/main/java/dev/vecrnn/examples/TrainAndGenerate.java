package dev.vecrnn.examples;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingListener;
import dev.vecrnn.api.TrainingResult;
import dev.vecrnn.api.TrainingText;

import java.nio.file.Path;

/**
 * Trains a small LSTM on the corpus built into vecrnn (300 Tang poems), then writes a poem with it.
 * Exits with status 1 if the model did not learn: its validation loss must end well below that of
 * guessing uniformly.
 */
public final class TrainAndGenerate {
    private TrainAndGenerate() {
    }

    public static void main(String[] args) {
        Path file = Path.of("tang.vrnn");
        TrainSettings settings = TrainSettings.builder()
                .cell(CellType.LSTM).hidden(128).seqLength(32).batchSize(16)
                .optimizer("adam").clipNorm(5.0)
                .iterations(300).sampleEvery(100).sampleLength(48).evalEvery(100)
                .build();
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onSample(SampleDrawn e) {
                System.out.println("sample before iteration " + e.iteration() + ": " + e.text().replace('\n', ' '));
            }

            @Override
            public void onValidation(ValidationDone e) {
                System.out.printf("validation after %d iterations: perplexity %.1f%n", e.iterationsDone(),
                        e.result().perplexity());
            }
        };
        TrainingResult result;
        try (Training training = Training.newRun(settings).text(TrainingText.builtIn()).output(file)
                .listener(progress).build()) {
            System.out.printf("%,d characters, %,d distinct; %,d parameters%n", training.plan().tokens(),
                    training.plan().vocabularySize(), training.plan().parameters());
            result = training.run();
        }
        System.out.printf("trained %d iterations at %.0f tokens/s%n", result.iterations(), result.tokensPerSecond());

        Model model = Model.load(file);
        System.out.println(model.sampleText("床前明月光，", SampleSettings.builder().length(60).temperature(0.7).seed(7L).build()));

        double uniform = Math.log(model.info().vocabularySize());
        double loss = model.info().validationLoss();
        System.out.printf("validation loss %.3f nats/character; guessing uniformly: %.3f%n", loss, uniform);
        if (!(loss < 0.85 * uniform)) {
            System.err.println("the model did not learn");
            System.exit(1);
        }
        Evaluation e = model.evaluate("白日依山盡，黃河入海流。欲窮千里目，更上一層樓。");
        System.out.printf("a poem it knows: perplexity %.1f%n", e.perplexity());
    }
}
