package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

import java.util.Arrays;

/**
 * The token ids cut into a training head and a validation tail of {@code floor(n * fraction)}
 * ids. A fraction of 0 trains on everything, as the seed does.
 */
public record DataSplit(int[] train, int[] validation) {

    public static DataSplit of(int[] ids, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw VecrnnException.about("{valFraction} must be at least 0 and below 1, not " + fraction, "valFraction");
        }
        int val = (int) Math.floor(ids.length * fraction);
        if (fraction > 0 && val < 2) {
            throw VecrnnException.about("{valFraction} " + fraction + " of " + ids.length + " tokens leaves " + val
                    + " validation token(s), too few to measure anything; use a larger fraction, more text, or {valFraction} 0",
                    "valFraction");
        }
        if (val == 0) {
            return new DataSplit(ids, new int[0]);
        }
        return new DataSplit(Arrays.copyOf(ids, ids.length - val), Arrays.copyOfRange(ids, ids.length - val, ids.length));
    }

    public boolean hasValidation() {
        return validation.length > 1;
    }
}
