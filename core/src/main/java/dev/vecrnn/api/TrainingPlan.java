package dev.vecrnn.api;

import java.nio.file.Path;

/**
 * What a {@link Training} is about to do, found and checked before any training: the data, the
 * model, the settings in effect (every optional one filled in) and the files it writes.
 *
 * @param settings              the settings in effect (these are saved in the model file)
 * @param resumedFrom           the model file a resumed run continues, or null for a new run
 * @param iterationsDone        iterations already done (0 for a new run)
 * @param smoothLoss            the seed's smooth loss where the run starts
 * @param previousLearningRate  the learning rate of the resumed run when this one differs, or null
 * @param textName              what the training text is called
 * @param encoding              the charset it was read in
 * @param tokens                tokens in the whole text
 * @param vocabularySize        distinct tokens the model knows
 * @param trainingTokens        tokens trained on
 * @param validationTokens      tokens held out for validation (the tail of the text)
 * @param validationDropped     whether the default 5 % hold-out was dropped because the text is too short
 * @param iterationsPerEpoch    iterations for the streams to pass over the training tokens once
 * @param schedule              the learning-rate schedule, as text ("constant", "x0.97 every 1ep from 10ep")
 * @param parameters            weights in the model
 * @param memoryBytes           the estimate of the heap training needs (weights, gradients, optimizer state, buffers)
 * @param kernels               the kernels and threads it runs on ("vector(512 bit) x2 threads")
 * @param output                the model file it writes
 * @param bestOutput            where the best model by validation loss goes
 */
public record TrainingPlan(TrainSettings settings, Path resumedFrom, long iterationsDone, double smoothLoss,
                           Double previousLearningRate, String textName, String encoding, int tokens, int vocabularySize,
                           int trainingTokens, int validationTokens, boolean validationDropped, long iterationsPerEpoch,
                           String schedule, long parameters, long memoryBytes, String kernels, Path output, Path bestOutput) {

    /** Whether part of the text is held out for validation. */
    public boolean hasValidation() {
        return validationTokens > 1;
    }
}
