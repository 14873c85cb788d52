package dev.vecrnn.internal.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An epoch is the chunks between two wraps of the streams. */
class StreamsEpochTest {

    @ParameterizedTest
    @CsvSource({"26, 1, 25", "27, 1, 25", "100, 1, 25", "101, 1, 25", "102, 1, 25", "1000, 1, 25",
        "1000, 4, 25", "1003, 4, 7", "64, 2, 31", "65, 1, 1", "2, 1, 1", "3, 1, 1", "1000, 10, 1"})
    void iterationsPerEpochCountsTheChunksBetweenWraps(int tokens, int batch, int steps) {
        Streams s = new Streams(new int[tokens], batch, steps);
        long perEpoch = s.iterationsPerEpoch();
        assertTrue(perEpoch >= 1);
        int[] in = new int[batch * steps];
        int[] out = new int[batch * steps];
        s.next(in, out);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (long c = 1; c < perEpoch; c++) {
                assertFalse(s.next(in, out), "wrapped after " + c + " chunks of epoch " + epoch);
            }
            assertTrue(s.next(in, out), "no wrap after " + perEpoch + " chunks of epoch " + epoch);
            assertEquals(steps, s.position());
        }
    }
}
