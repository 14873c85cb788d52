package dev.vecrnn.bench.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A synthetic token stream: ids drawn independently with a Zipf-like frequency
 * (p(rank r) proportional to 1/(r+1)), as word and character frequencies roughly are. Only the
 * vocabulary size and how many distinct ids a chunk touches matter to the speed, and this gives
 * both realistically without reading a corpus.
 */
final class TokenStream {
    private TokenStream() {
    }

    static int[] zipf(int vocab, int length, long seed) {
        double[] cdf = new double[vocab];
        double sum = 0;
        for (int r = 0; r < vocab; r++) {
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            int r = Arrays.binarySearch(cdf, rng.nextDouble() * sum);
            ids[i] = Math.min(vocab - 1, r >= 0 ? r : -r - 1);
        }
        return ids;
    }

    /** Long enough that each of {@code batch} streams holds {@code chunks} chunks before wrapping. */
    static int[] forChunks(int vocab, int steps, int batch, int chunks, long seed) {
        return zipf(vocab, Math.multiplyExact(batch, steps * chunks + 1), seed);
    }
}
