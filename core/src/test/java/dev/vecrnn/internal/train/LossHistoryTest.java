package dev.vecrnn.internal.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossHistoryTest {

    @Test
    void textRoundTrip() {
        LossHistory h = new LossHistory();
        h.addTrain(10, 4.1234567);
        h.addTrain(20, 3.5);
        h.addValidation(20, 3.75);
        LossHistory g = new LossHistory();
        assertTrue(g.restore(h.trainText(), h.validationText()));
        assertEquals(2, g.train().size());
        assertEquals(20, g.train().get(1).iteration());
        assertEquals(4.1234567, g.train().get(0).loss());
        assertEquals(3.75, g.validation().get(0).loss());
        assertFalse(g.restore("10:x", ""));
        assertTrue(g.restore("", null));
        assertEquals(0, g.train().size());
    }

    @Test
    void thinsOutWhenFullKeepingFirstAndRecentPoints() {
        LossHistory h = new LossHistory();
        for (int i = 1; i <= 5000; i++) {
            h.addTrain(i, 1.0 / i);
        }
        int n = h.train().size();
        assertTrue(n <= LossHistory.MAX_POINTS && n > LossHistory.MAX_POINTS / 4, "size " + n);
        assertEquals(1, h.train().get(0).iteration());
        assertEquals(5000, h.train().get(n - 1).iteration());
        for (int i = 1; i < n; i++) {
            assertTrue(h.train().get(i).iteration() > h.train().get(i - 1).iteration());
        }
    }

    @Test
    void aSecondPointForTheSameIterationReplacesTheFirst() {
        LossHistory h = new LossHistory();
        h.addTrain(10, 2);
        h.addTrain(10, 1);
        assertEquals(1, h.train().size());
        assertEquals(1.0, h.train().get(0).loss());
    }
}
