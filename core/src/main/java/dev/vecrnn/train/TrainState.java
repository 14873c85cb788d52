package dev.vecrnn.train;

import dev.vecrnn.util.Rng;

/**
 * Where a run is: iterations done, the seed's smooth loss, the data position, the hidden state
 * carried in every stream, and the generators used for samples and dropout masks. Saved in
 * checkpoints so that a resumed run continues exactly.
 */
public final class TrainState {
    public long iteration;
    public double smoothLoss;
    public int position;
    public float[][] carried;
    public final Rng sampleRng;
    /** Draws the dropout masks; its own stream so that sampling does not change them. */
    public final Rng dropoutRng;

    public TrainState(double initialSmoothLoss, float[][] carried, long sampleSeed) {
        this.smoothLoss = initialSmoothLoss;
        this.carried = carried;
        this.sampleRng = new Rng(sampleSeed);
        this.dropoutRng = new Rng(Long.rotateLeft(sampleSeed, 32) ^ 0x6A09E667F3BCC909L);
    }

    /** The seed's starting smooth loss: -log(1/V) * T. */
    public static double initialSmoothLoss(int vocab, int seqLength) {
        return -Math.log(1.0 / vocab) * seqLength;
    }
}
