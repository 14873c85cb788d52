package dev.vecrnn.internal.parallel;

import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.RunFiles;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.train.DataSplit;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.spi.Optimizer;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a prepared {@link Training} holds, for a driver that trains it in rounds on other machines
 * instead of calling {@link Training#run()}: the driver gets the same checks, tokenization,
 * model, resume rules and files as {@code vecrnn train}, without a second copy of that code.
 *
 * @param settings   the run's settings, defaults filled in
 * @param config     the trainer's configuration
 * @param model      the model, which the driver updates after each round
 * @param optimizer  its optimizer, whose state the driver replaces after each round
 * @param state      where the run is
 * @param data       the training and validation tokens
 * @param kernels    the driver's kernels (validation)
 * @param files      the model file and the best model beside it
 * @param checkpoint the run as a checkpoint, as it is when called
 * @param events     the run's listener with the files it writes (best model, periodic checkpoints)
 */
public record RunParts(TrainSettings settings, TrainConfig config, LanguageModel model, Optimizer optimizer, TrainState state,
                       DataSplit data, Kernels kernels, RunFiles files, Supplier<Checkpoint> checkpoint, TrainListener events) {
    /*
     * Training's fields are private to the public API package; Training hands out this view
     * through a function it registers when its class is initialised (the JDK's "shared secrets"),
     * so the public API gains no method for it.
     */
    private static volatile Function<Training, RunParts> opener;

    /** Called once, by {@link Training}'s class initialiser. */
    public static void register(Function<Training, RunParts> f) {
        if (opener != null) {
            throw new IllegalStateException("already registered");
        }
        opener = Objects.requireNonNull(f);
    }

    /** The parts of {@code training} (built, not run). */
    public static RunParts of(Training training) {
        return opener.apply(Objects.requireNonNull(training));
    }
}
