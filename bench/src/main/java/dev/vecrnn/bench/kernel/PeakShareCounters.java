package dev.vecrnn.bench.kernel;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done, in seconds of the numpy sgemm peak: reported per second (JMH
 * reads an OPERATIONS counter as a rate), this is the fraction of the peak reached.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class PeakShareCounters {
    public double ofPeak;

    @Setup(Level.Iteration)
    public void reset() {
        ofPeak = 0;
    }
}
