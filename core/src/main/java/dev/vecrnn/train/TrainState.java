package dev.vecrnn.train;

import dev.vecrnn.util.Rng;

/**
 * Where a run is: iterations done, the seed's smooth loss, the data position, the hidden state
 * carried in every stream, and the generator used for samples. Saved in checkpoints so that a
 * resumed run continues exactly.
 */
public final class TrainState {
    public long iteration;
    public double smoothLoss;
    public int position;
    public float[][] carried;
    public final Rng sampleRng;

    public TrainState(double initialSmoothLoss, float[][] carried, long sampleSeed) {
        this.smoothLoss = initialSmoothLoss;
        this.carried = carried;
        this.sampleRng = new Rng(sampleSeed);
    }

    /** The seed's starting smooth loss: -log(1/V) * T. */
    public static double initialSmoothLoss(int vocab, int seqLength) {
        return -Math.log(1.0 / vocab) * seqLength;
    }
}
