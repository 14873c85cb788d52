package dev.vecrnn.internal.parallel;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Options;

/**
 * A worker's part of a round: the ordinary {@link Trainer} run on one shard for K iterations,
 * from the round's weights and optimizer state and the shard's own stream state. Nothing else
 * goes in, so the same inputs give the same checkpoint bit for bit, whichever machine or task
 * attempt runs it.
 */
public final class LocalIterations {
    private LocalIterations() {
    }

    /**
     * Trains {@code round} (the model, its optimizer state and settings, {@code state.iteration}
     * iterations done) on {@code ids} from {@code shard} until the run has done {@code until}
     * iterations; returns the checkpoint after it, which holds the shard's new state. {@code round}
     * is consumed: its model and state are the ones trained.
     */
    public static Checkpoint run(Checkpoint round, ShardState shard, int[] ids, long until, Plugins plugins, Kernels kernels) {
        if (round.settings == null) {
            throw new IllegalArgumentException("a round's checkpoint needs its settings");
        }
        shard.applyTo(round.state);
        OptimizerProvider provider = plugins.optimizers().get(round.optimizer);
        Options options = new Options("optimizer", provider.name(), round.optimizerOptions);
        Optimizer optimizer = provider.create(options);
        options.requireAllUsed();
        optimizer.restore(round.optimizerState);
        TrainConfig config = TrainConfig.of(round.settings).withIterations(until).withoutSamples();
        new Trainer(round.model, optimizer, kernels, config, new TrainListener() { }).run(ids, round.state);
        return new Checkpoint(round.model, round.vocabulary, round.tokenizer, round.tokenizerOptions, round.optimizer,
                round.optimizerOptions, optimizer.state(), round.state, round.settings, round.data);
    }
}
