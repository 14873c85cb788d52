package dev.vecrnn.internal.train;

import dev.vecrnn.internal.util.Rng;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a run is: iterations done, the seed's smooth loss, the data position (the same for
 * every stream), the hidden state carried in every stream, every random generator the run
 * draws from, the validation results and the loss history. Saved in checkpoints so that a
 * resumed run continues exactly.
 *
 * <p>Generators are kept by name ({@link #rng(String, long)}); the sampling one is
 * {@value #SAMPLE_RNG}. The dropout masks come from {@value #DROPOUT_RNG}, a stream of its own so that
 * sampling does not change them. Code that needs another generator asks for it by its own
 * name and gets it saved and restored with the rest, with no change to the checkpoint code.
 */
public final class TrainState {
    /** Name of the generator used for samples during training. */
    public static final String SAMPLE_RNG = "sample";
    /** Name of the generator of dropout masks. */
    public static final String DROPOUT_RNG = "dropout";

    public long iteration;
    public double smoothLoss;
    public int position;
    public float[][] carried;
    public final Rng sampleRng;
    /** Validation loss (nats per token) of the last evaluation, NaN before the first. */
    public double lastValLoss = Double.NaN;
    /** Iterations done when {@link #lastValLoss} was measured, -1 before the first. */
    public long lastValIteration = -1;
    /** The lowest validation loss seen so far, NaN before the first. */
    public double bestValLoss = Double.NaN;
    public final LossHistory history = new LossHistory();
    /** Chunk losses summed since the last point of the training loss history, and how many. */
    public double windowLoss;
    public int windowCount;
    private final Map<String, Rng> rngs = new TreeMap<>();
    /** Draws the dropout masks. */
    public final Rng dropoutRng;

    public TrainState(double initialSmoothLoss, float[][] carried, long sampleSeed) {
        this.smoothLoss = initialSmoothLoss;
        this.carried = carried;
        this.sampleRng = new Rng(sampleSeed);
        rngs.put(SAMPLE_RNG, sampleRng);
        dropoutRng = new Rng(Long.rotateLeft(sampleSeed, 32) ^ 0x6A09E667F3BCC909L);
        rngs.put(DROPOUT_RNG, dropoutRng);
    }

    /** The seed's starting smooth loss: -log(1/V) * T. */
    public static double initialSmoothLoss(int vocab, int seqLength) {
        return -Math.log(1.0 / vocab) * seqLength;
    }

    /**
     * The generator called {@code name}: the saved one when the state was restored from a
     * checkpoint, otherwise a new one seeded with {@code seed}.
     */
    public Rng rng(String name, long seed) {
        return rngs.computeIfAbsent(name, n -> new Rng(seed));
    }

    /** Every named generator, for saving. */
    public Map<String, Rng> rngs() {
        return Collections.unmodifiableMap(rngs);
    }

    /** Restores a saved generator state (used when reading a checkpoint). */
    public void restoreRng(String name, long state) {
        if (name.equals(SAMPLE_RNG)) {
            sampleRng.setState(state);
        } else {
            rngs.computeIfAbsent(name, n -> new Rng(0)).setState(state);
        }
    }

    /** Records a validation result; returns true when it is the best so far. */
    public boolean recordValidation(double loss) {
        lastValLoss = loss;
        lastValIteration = iteration;
        history.addValidation(iteration, loss);
        if (Double.isNaN(bestValLoss) || loss < bestValLoss) {
            bestValLoss = loss;
            return true;
        }
        return false;
    }
}
