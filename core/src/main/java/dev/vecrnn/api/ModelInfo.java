package dev.vecrnn.api;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.ModelFile;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a model file holds, without its weights: the model's shape, its tokenizer and vocabulary
 * size, how far it was trained and with which settings, its last losses, and facts about the text
 * it was trained on.
 *
 * @param file               the model file
 * @param fileBytes          its size
 * @param formatVersion      the model file format version
 * @param cell               the recurrent cell
 * @param layers             stacked layers
 * @param hidden             units per layer
 * @param dropout            dropout between layers in training
 * @param vocabularySize     tokens in the vocabulary
 * @param hasUnknownToken    whether the vocabulary has {@code <unk>} for pieces it lacks
 * @param parameters         number of weights
 * @param tokenizer          tokenizer name
 * @param tokenizerOptions   its options
 * @param optimizer          optimizer name
 * @param optimizerOptions   its options
 * @param optimizerSteps     updates the optimizer made
 * @param iterations         training iterations done
 * @param settings           the settings the model was trained with
 * @param smoothLoss         the seed's smoothed loss per chunk (summed over the chunk's steps)
 * @param validationLoss     the last validation loss in nats per token, NaN if never measured
 * @param validationIteration iterations done when it was measured, -1 if never
 * @param bestValidationLoss the lowest validation loss so far, NaN if never measured
 * @param data               facts about the training text: {@code data.name}, {@code data.encoding},
 *                           {@code data.tokens}, {@code data.valTokens}, {@code data.sha256} ... (as recorded)
 */
public record ModelInfo(Path file, long fileBytes, int formatVersion, CellType cell, int layers, int hidden, float dropout,
                        int vocabularySize, boolean hasUnknownToken, long parameters, String tokenizer,
                        Map<String, String> tokenizerOptions, String optimizer, Map<String, String> optimizerOptions,
                        long optimizerSteps, long iterations, TrainSettings settings, double smoothLoss,
                        double validationLoss, long validationIteration, double bestValidationLoss,
                        Map<String, String> data) {

    public ModelInfo {
        tokenizerOptions = Map.copyOf(tokenizerOptions);
        optimizerOptions = Map.copyOf(optimizerOptions);
        data = Map.copyOf(data);
    }

    /**
     * What the model file holds, read and checked as {@link Model#load} does, without creating
     * its tokenizer (so it works for a model trained with a plugin that is not here).
     */
    public static ModelInfo read(Path file) {
        Checkpoint cp = Checkpoint.read(file);
        return of(file, ModelFile.formatVersion(file), cp);
    }

    static ModelInfo of(Path file, int formatVersion, Checkpoint cp) {
        ModelSpec s = cp.model.spec();
        TrainState st = cp.state;
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelInfo(file, bytes, formatVersion, s.cell(), s.layers(), s.hidden(), s.dropout(), s.vocab(),
                cp.vocabulary.unk() >= 0, cp.model.parameterCount(), cp.tokenizer, cp.tokenizerOptions, cp.optimizer,
                cp.optimizerOptions, cp.optimizerState.steps(), st.iteration, cp.settings, st.smoothLoss, st.lastValLoss,
                st.lastValIteration, st.bestValLoss, cp.data);
    }

    /** The file's size as people read it: "1.2 MB". */
    public String fileSize() {
        return Memory.format(fileBytes);
    }

    /** The smooth loss per token: {@link #smoothLoss()} over the chunk length. */
    public double smoothLossPerToken() {
        return smoothLoss / settings.seqLength();
    }

    /** One line: "lstm, 2 layer(s) of 128 units, vocabulary 65, 208,193 parameters", and the word-level options in use. */
    public String summary() {
        StringBuilder words = new StringBuilder();
        if (settings.embedding() > 0) {
            words.append(", word vectors of ").append(settings.embedding());
        }
        if (settings.adaptiveSoftmax()) {
            words.append(", adaptive softmax (cutoffs ").append(settings.cutoffs()).append(", divValue ")
                    .append(settings.divValue()).append(')');
        }
        if (settings.tieWeights()) {
            words.append(", tied weights");
        }
        return String.format(Locale.ROOT, "%s, %d layer(s) of %d units%s%s, vocabulary %,d, %,d parameters", cell, layers, hidden,
                dropout > 0 ? ", dropout " + dropout : "", words, vocabularySize, parameters);
    }
}
