package dev.vecrnn.app;

import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.Evaluation;
import dev.vecrnn.internal.train.TrainListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's lines on stdout: the seed's samples between dashes and {@code iter N, loss: X}
 * (the smooth loss, summed over a chunk, as the seed prints it), and the validation results.
 */
final class ConsoleOutput implements TrainListener {
    private final Progress progress;
    private final Tokenizer tok;
    private final Vocabulary vocab;
    private final int every;

    ConsoleOutput(Progress progress, Tokenizer tok, Vocabulary vocab, int every) {
        this.progress = progress;
        this.tok = tok;
        this.vocab = vocab;
        this.every = every;
    }

    static String text(Tokenizer tok, Vocabulary vocab, int[] tokens) {
        List<String> p = new ArrayList<>(tokens.length);
        for (int t : tokens) {
            p.add(vocab.piece(t));
        }
        return tok.join(p);
    }

    @Override
    public void onSample(long iteration, int[] tokens) {
        progress.println("----\n" + text(tok, vocab, tokens) + "\n----");
    }

    @Override
    public void onIteration(long iteration, double loss, double smoothLoss) {
        if (every > 0 && iteration % every == 0) {
            progress.println(String.format(Locale.ROOT, "iter %d, loss: %f", iteration, smoothLoss));
        }
    }

    @Override
    public void onValidation(long iterationsDone, Evaluation e, boolean best, long nanos) {
        progress.println(validationLine(iterationsDone, e, nanos));
    }

    static String validationLine(long iterationsDone, Evaluation e, long nanos) {
        return String.format(Locale.ROOT, "validation after %d iterations: loss %.4f nats/token, perplexity %.2f, %.3f bits/token"
                        + " (%,d tokens, %.1f s)", iterationsDone, e.lossPerToken(), e.perplexity(), e.bitsPerToken(),
                e.predictions(), nanos / 1e9);
    }
}
