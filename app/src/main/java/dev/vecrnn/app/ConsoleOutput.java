package dev.vecrnn.app;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.TrainingListener;

import java.util.Locale;

/**
 * The run's lines on stdout: the seed's samples between dashes and {@code iter N, loss: X}
 * (the smooth loss, summed over a chunk, as the seed prints it) every {@code --print-every}
 * iterations, the validation results, and the model files as they are written.
 */
final class ConsoleOutput implements TrainingListener {
    private final Progress progress;
    private final int printEvery;

    ConsoleOutput(Progress progress, int printEvery) {
        this.progress = progress;
        this.printEvery = printEvery;
    }

    @Override
    public void onSample(SampleDrawn e) {
        progress.println("----\n" + e.text() + "\n----");
    }

    @Override
    public void onIteration(IterationDone e) {
        if (printEvery > 0 && e.iteration() % printEvery == 0) {
            progress.println(String.format(Locale.ROOT, "iter %d, loss: %f", e.iteration(), e.smoothLoss()));
        }
        progress.update(e.done(), e.smoothLoss() / e.seqLength(), e.tokensPerSecond());
    }

    @Override
    public void onValidation(ValidationDone e) {
        progress.println(validationLine(e.iterationsDone(), e.result(), e.seconds()));
    }

    @Override
    public void onCheckpoint(CheckpointWritten e) {
        if (!e.last()) {
            progress.println(String.format(Locale.ROOT, "saved %s after %d iterations", e.file(), e.iterationsDone()));
        }
    }

    @Override
    public void onBestModel(BestModelWritten e) {
        progress.println(String.format(Locale.ROOT, "saved %s: the best validation loss so far", e.file()));
    }

    static String validationLine(long iterationsDone, Evaluation e, double seconds) {
        return String.format(Locale.ROOT, "validation after %d iterations: loss %.4f nats/token, perplexity %.2f, %.3f bits/token"
                        + " (%,d tokens, %.1f s)", iterationsDone, e.lossPerToken(), e.perplexity(), e.bitsPerToken(),
                e.predictions(), seconds);
    }
}
