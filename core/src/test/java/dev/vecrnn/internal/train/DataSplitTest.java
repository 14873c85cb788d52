package dev.vecrnn.internal.train;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSplitTest {
    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void holdsOutTheTail() {
        DataSplit s = DataSplit.of(range(100), 0.05);
        assertArrayEquals(range(95), s.train());
        assertArrayEquals(new int[] {95, 96, 97, 98, 99}, s.validation());
        assertTrue(s.hasValidation());
    }

    @Test
    void zeroKeepsEverythingForTraining() {
        int[] ids = range(10);
        DataSplit s = DataSplit.of(ids, 0);
        assertSame(ids, s.train());
        assertEquals(0, s.validation().length);
        assertFalse(s.hasValidation());
    }

    @Test
    void rejectsFractionsOutOfRangeAndTailsTooShort() {
        assertThrows(VecrnnException.class, () -> DataSplit.of(range(10), -0.1));
        assertThrows(VecrnnException.class, () -> DataSplit.of(range(10), 1));
        assertThrows(VecrnnException.class, () -> DataSplit.of(range(10), Double.NaN));
        VecrnnException e = assertThrows(VecrnnException.class, () -> DataSplit.of(range(30), 0.05));
        assertTrue(e.getMessage().contains("valFraction 0"), e.getMessage());
    }
}
