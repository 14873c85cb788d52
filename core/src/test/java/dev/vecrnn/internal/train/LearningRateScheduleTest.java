package dev.vecrnn.internal.train;

import dev.vecrnn.internal.train.LearningRateSchedule.Period;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    @Test
    void constantKeepsTheBaseRate() {
        LearningRateSchedule c = LearningRateSchedule.constant();
        for (long i : new long[] {0, 1, 99, 100, 1_000_000_000L}) {
            assertEquals(2e-3, c.rate(2e-3, i, 7));
        }
        assertTrue(c.isConstant());
        assertSame(c, LearningRateSchedule.stepDecay(1.0, Period.ofEpochs(1), Period.ZERO));
    }

    /**
     * char-rnn's train.lua, re-enacted: after update i (1-based), if i is a multiple of the
     * epoch length and i/epoch >= learning_rate_decay_after, the rate is multiplied by
     * learning_rate_decay.
     */
    @Test
    void charRnnDecaysByItsFactorAtTheEndOfEveryEpochFromEpochTen() {
        int perEpoch = 37;
        double base = 2e-3;
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.97, Period.parse("1ep", "lrDecayEvery"),
                Period.parse("10ep", "lrDecayAfter"));
        double lr = base;
        for (int i = 1; i <= 25 * perEpoch; i++) {
            assertEquals(lr, s.rate(base, i - 1, perEpoch), lr * 1e-12, "update " + i);
            if (i % perEpoch == 0 && (double) i / perEpoch >= 10) {
                lr *= 0.97;
            }
        }
        // the first ten epochs at the base rate, epoch 11 (iterations 370..406) at 0.97 of it
        assertEquals(base, s.rate(base, 10 * perEpoch - 1, perEpoch));
        assertEquals(base * 0.97, s.rate(base, 10 * perEpoch, perEpoch), 1e-18);
        assertEquals(base * 0.97 * 0.97, s.rate(base, 11 * perEpoch, perEpoch), 1e-18);
    }

    @Test
    void iterationsWithoutADelayDecayAtEveryMultiple() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.5, Period.parse("500", "x"), Period.ZERO);
        assertEquals(1.0, s.rate(1, 0, 3));
        assertEquals(1.0, s.rate(1, 499, 3));
        assertEquals(0.5, s.rate(1, 500, 3));
        assertEquals(0.5, s.rate(1, 999, 3));
        assertEquals(0.25, s.rate(1, 1000, 3));
        assertEquals(Math.pow(0.5, 20), s.rate(1, 10_000, 3));
    }

    @Test
    void aDelayThatIsNoMultipleWaitsForTheNextMultiple() {
        // multiples of 3 epochs (30 iterations) from 4 epochs (40) on: 60, 90, ...
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.5, Period.ofEpochs(3), Period.ofEpochs(4));
        assertEquals(1.0, s.rate(1, 59, 10));
        assertEquals(0.5, s.rate(1, 60, 10));
        assertEquals(0.25, s.rate(1, 90, 10));
        // units mix: every 100 iterations from epoch 2 (of 150 iterations): 300, 400, ...
        LearningRateSchedule m = LearningRateSchedule.stepDecay(0.5, Period.ofIterations(100), Period.ofEpochs(2));
        assertEquals(1.0, m.rate(1, 299, 150));
        assertEquals(0.5, m.rate(1, 300, 150));
        assertEquals(0.25, m.rate(1, 400, 150));
    }

    @ParameterizedTest
    @CsvSource({"1ep, 1, true", "1 epoch, 1, true", "2epochs, 2, true", "10EP, 10, true", "500, 500, false",
        "500it, 500, false", "500 iterations, 500, false", "1 iteration, 1, false", " 7 , 7, false"})
    void periodsAreReadWithTheirUnit(String text, long count, boolean epochs) {
        assertEquals(new Period(count, epochs), Period.parse(text, "lrDecayEvery"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ep", "1e", "-1", "1.5ep", "2 weeks", "1e3", "99999999999999999999"})
    void badPeriodsAreRefusedWithTheFlagsName(String text) {
        VecrnnException e = assertThrows(VecrnnException.class, () -> Period.parse(text, "lrDecayEvery"));
        assertTrue(e.getMessage().startsWith("lrDecayEvery '" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.5, 1.01, Double.NaN})
    void theFactorMustBeInZeroToOne(double f) {
        VecrnnException e = assertThrows(VecrnnException.class,
                () -> LearningRateSchedule.stepDecay(f, Period.ofEpochs(1), Period.ZERO));
        assertTrue(e.getMessage().startsWith("lrDecay must be a factor in (0, 1]"), e.getMessage());
    }

    @Test
    void aZeroPeriodIsRefused() {
        VecrnnException e = assertThrows(VecrnnException.class,
                () -> LearningRateSchedule.stepDecay(0.9, Period.ofIterations(0), Period.ZERO));
        assertEquals("lrDecayEvery must be at least 1 iteration or epoch, not 0it", e.getMessage());
    }

    @Test
    void describesItself() {
        assertEquals("x0.97 every 1ep from 10ep",
                LearningRateSchedule.stepDecay(0.97, Period.ofEpochs(1), Period.ofEpochs(10)).toString());
        assertEquals("x0.5 every 2000it",
                LearningRateSchedule.stepDecay(0.5, Period.ofIterations(2000), Period.ZERO).toString());
    }
}
