package dev.vecrnn.internal.train;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.sample.Sampler;
import dev.vecrnn.internal.sample.SamplingOptions;
import dev.vecrnn.spi.Optimizer;

import java.util.Arrays;

/**
 * The seed's training loop, generalised to B streams: take the next chunk (resetting the state
 * when the data wraps), sample now and then, forward, then backward, clip and step the optimizer
 * ({@link GradientStep}), update the smooth loss.
 */
public final class Trainer {
    /** Iterations between points of the training loss history. */
    static final int HISTORY_STEP = 10;
    /**
     * A loss above this many nats per token means the weights have blown up: a model starts near
     * ln V (11 for a 45,000-word vocabulary), and e^-1000 is no probability a sane model gives.
     */
    static final double EXPLODED_PER_TOKEN = 1000;
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final Kernels kernels;
    private final TrainConfig config;
    private final TrainListener listener;
    private volatile boolean stopRequested;

    public Trainer(LanguageModel model, Optimizer optimizer, Kernels kernels, TrainConfig config, TrainListener listener) {
        this.model = model;
        this.optimizer = optimizer;
        this.kernels = kernels;
        this.config = config;
        this.listener = listener;
    }

    /** Asks the loop to stop after the iteration in progress (safe from a signal handler). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains on {@code ids} from {@code state} until {@code config.iterations()}; returns what was done. */
    public TrainResult run(int[] ids, TrainState state) {
        return run(ids, null, state);
    }

    /**
     * Trains on {@code ids} from {@code state} until {@code config.iterations()}, measuring the
     * loss on {@code validation} (may be null) as it asks and once more at the end unless the run
     * was stopped; returns what was done.
     */
    public TrainResult run(int[] ids, Validation validation, TrainState state) {
        final int steps = config.seqLength();
        final int batch = config.batchSize();
        Streams streams = new Streams(ids, batch, steps);
        streams.setPosition(state.position);
        ModelRun run = model.open(steps, batch);
        Sampler sampler = config.sampleEvery() > 0 && config.sampleLength() > 0 ? new Sampler(model, kernels) : null;
        GradientStep update = new GradientStep(model, optimizer, config.clipping());
        int[] inputs = new int[steps * batch];
        int[] targets = new int[steps * batch];
        float gradScale = 1f / batch;
        long perEpoch = streams.iterationsPerEpoch();
        long startIteration = state.iteration;
        long t0 = System.nanoTime();
        long sampleNanos = 0;
        long evalNanos = 0;
        Evaluator evaluator = validation != null && validation.ids().length > 1 ? new Evaluator(model, kernels) : null;
        model.zeroGrad();
        while (state.iteration < config.iterations() && !stopRequested) {
            long n = state.iteration;
            if (streams.next(inputs, targets)) {
                for (float[] s : state.carried) {
                    Arrays.fill(s, 0f);
                }
            }
            if (sampler != null && n % config.sampleEvery() == 0) {
                long s0 = System.nanoTime();
                float[][] s = firstStream(state.carried, batch);
                int[] drawn = sampler.generate(inputs[0], config.sampleLength(), s, SamplingOptions.DEFAULT,
                        state.sampleRng, null);
                sampleNanos += System.nanoTime() - s0;
                listener.onSample(n, drawn);
            }
            double loss = run.forward(inputs, targets, steps, state.carried, state.dropoutRng, kernels) / batch;
            if (!Double.isFinite(loss) || loss > EXPLODED_PER_TOKEN * steps) {
                throw new DivergedException(n, loss);
            }
            float lr = (float) config.schedule().rate(config.learningRate(), n, perEpoch);
            update.run(run, gradScale, lr, kernels);
            state.smoothLoss = state.smoothLoss * 0.999 + loss * 0.001;
            state.position = streams.position();
            state.iteration = n + 1;
            state.windowLoss += loss;
            state.windowCount++;
            if (state.iteration % HISTORY_STEP == 0) {
                addTrainPoint(state, steps);
            }
            if (evaluator != null && validation.every() > 0 && state.iteration % validation.every() == 0) {
                evalNanos += validate(evaluator, validation, state);
            }
            listener.onIteration(n, loss, state.smoothLoss);
        }
        if (evaluator != null && !stopRequested && state.lastValIteration != state.iteration) {
            evalNanos += validate(evaluator, validation, state);
        }
        long nanos = System.nanoTime() - t0;
        long done = state.iteration - startIteration;
        return new TrainResult(done, done * steps * batch, nanos, sampleNanos, evalNanos, stopRequested);
    }

    private long validate(Evaluator evaluator, Validation validation, TrainState state) {
        long t0 = System.nanoTime();
        Evaluation e = evaluator.evaluate(validation.ids(), () -> stopRequested);
        long nanos = System.nanoTime() - t0;
        if (e != null) {
            if (!Double.isFinite(e.lossPerToken()) || e.lossPerToken() > EXPLODED_PER_TOKEN) {
                throw new DivergedException(state.iteration, e.lossPerToken());
            }
            addTrainPoint(state, config.seqLength());
            boolean best = state.recordValidation(e.lossPerToken());
            listener.onValidation(state.iteration, e, best, nanos);
        }
        return nanos;
    }

    /**
     * Adds the mean training loss per token of the iterations since the last point: the figure to
     * compare with validation loss (the seed's smooth loss lags by about a thousand iterations).
     */
    private static void addTrainPoint(TrainState state, int steps) {
        if (state.windowCount > 0) {
            state.history.addTrain(state.iteration, state.windowLoss / state.windowCount / steps);
            state.windowLoss = 0;
            state.windowCount = 0;
        }
    }

    /** A copy of stream 0's state, for sampling without disturbing training. */
    private float[][] firstStream(float[][] carried, int batch) {
        float[][] s = new float[carried.length][];
        for (int l = 0; l < carried.length; l++) {
            int size = carried[l].length / batch;
            s[l] = Arrays.copyOf(carried[l], size);
        }
        return s;
    }
}
