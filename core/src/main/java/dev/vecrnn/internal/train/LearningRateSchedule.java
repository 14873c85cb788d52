package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step decay of the learning rate: multiplied by {@code factor} each time the number of
 * iterations done reaches a multiple of {@code every}, counting only the multiples that are at
 * least {@code after}. So with {@code every = 1 epoch, after = 10 epochs} the rate is the base
 * rate for the first 10 epochs and {@code factor^k} times it in epoch {@code 10 + k} (0-based),
 * which is char-rnn's {@code -learning_rate_decay 0.97 -learning_rate_decay_after 10}.
 *
 * <p>The rate depends only on the iteration number, so a resumed run follows the same schedule
 * without saving anything. An epoch is one pass of the training streams over the training ids,
 * {@link Streams#iterationsPerEpoch()} iterations.
 */
public final class LearningRateSchedule {

    /** A length of training, in iterations or epochs. */
    public record Period(long count, boolean epochs) {
        private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(|it|its|iter|iters|iterations?|ep|epochs?)");

        public static final Period ZERO = new Period(0, false);

        public Period {
            if (count < 0) {
                throw new IllegalArgumentException("negative period " + count);
            }
        }

        public static Period ofIterations(long n) {
            return new Period(n, false);
        }

        public static Period ofEpochs(long n) {
            return new Period(n, true);
        }

        /**
         * Parses {@code 500} or {@code 500it} (iterations) and {@code 2ep} or {@code 2epochs};
         * {@code setting} names the setting in the error message.
         */
        public static Period parse(String text, String setting) {
            Matcher m = SYNTAX.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw VecrnnException.about("{" + setting + "} '" + text
                        + "' is not a number of iterations (e.g. 2000) or epochs (e.g. 1ep)", setting);
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw VecrnnException.about("{" + setting + "} '" + text + "' is too large", setting);
            }
            return new Period(n, m.group(2).startsWith("ep"));
        }

        /** This period in iterations, given how many iterations make an epoch. */
        public long inIterations(long iterationsPerEpoch) {
            return epochs ? Math.multiplyExact(count, iterationsPerEpoch) : count;
        }

        @Override
        public String toString() {
            return count + (epochs ? "ep" : "it");
        }
    }

    private static final LearningRateSchedule CONSTANT = new LearningRateSchedule(1.0, Period.ofEpochs(1), Period.ZERO);

    private final double factor;
    private final Period every;
    private final Period after;

    private LearningRateSchedule(double factor, Period every, Period after) {
        this.factor = factor;
        this.every = every;
        this.after = after;
    }

    /** The base rate throughout. */
    public static LearningRateSchedule constant() {
        return CONSTANT;
    }

    /** Step decay by {@code factor} in (0, 1] every {@code every} (positive), from {@code after} on. */
    public static LearningRateSchedule stepDecay(double factor, Period every, Period after) {
        if (!(factor > 0 && factor <= 1)) {
            throw VecrnnException.about("{lrDecay} must be a factor in (0, 1], not " + factor + " (0.97 lowers the rate by 3%)",
                    "lrDecay");
        }
        if (every.count() == 0) {
            throw VecrnnException.about("{lrDecayEvery} must be at least 1 iteration or epoch, not " + every, "lrDecayEvery");
        }
        return factor == 1 ? CONSTANT : new LearningRateSchedule(factor, every, after);
    }

    public boolean isConstant() {
        return factor == 1;
    }

    public double factor() {
        return factor;
    }

    public Period every() {
        return every;
    }

    public Period after() {
        return after;
    }

    /**
     * The rate for the update made after {@code iteration} iterations (0-based: the first update
     * has iteration 0 and always gets {@code base}).
     */
    public double rate(double base, long iteration, long iterationsPerEpoch) {
        return factor == 1 ? base : base * Math.pow(factor, decays(iteration, iterationsPerEpoch));
    }

    /** How many multiples of {@code every} in [max(after, every), iteration] there are. */
    long decays(long iteration, long iterationsPerEpoch) {
        if (iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("iterationsPerEpoch " + iterationsPerEpoch);
        }
        long e = every.inIterations(iterationsPerEpoch);
        long a = after.inIterations(iterationsPerEpoch);
        long first = Math.max(1, (a + e - 1) / e); // the first multiple k*e with k*e >= a, k >= 1
        return Math.max(0, iteration / e - first + 1);
    }

    @Override
    public String toString() {
        if (isConstant()) {
            return "constant";
        }
        return "x" + factor + " every " + every + (after.count() > 0 ? " from " + after : "");
    }
}
