package dev.vecrnn.internal.io;


import java.util.ArrayList;
import java.util.List;

/**
 * A run's right to write its files, checked and taken before it writes any: no output is one of
 * its inputs, each output can be written and is new or a vecrnn model file (or {@code force}),
 * and the run holds each output's {@link WriteLock} until {@link #close()}.
 */
public final class OutputClaim implements AutoCloseable {
    private final List<RunPath> outputs;
    private final List<RunPath> inputs;
    private final List<WriteLock> locks;

    private OutputClaim(List<RunPath> outputs, List<RunPath> inputs, List<WriteLock> locks) {
        this.outputs = outputs;
        this.inputs = inputs;
        this.locks = locks;
    }

    /** Checks {@code outputs} against {@code inputs} and the files already there, then locks them. */
    public static OutputClaim take(List<RunPath> outputs, List<RunPath> inputs, boolean force) {
        OutputRules.refuseClashes(outputs, inputs, "reads");
        for (RunPath out : outputs) {
            AtomicFile.checkWritable(out.path());
        }
        List<WriteLock> locks = new ArrayList<>();
        try {
            for (RunPath out : outputs) {
                locks.add(WriteLock.acquire(out));
            }
            // checked under the lock: another run may have just written the file
            for (RunPath out : outputs) {
                OutputRules.refuseForeign(out, force);
            }
        } catch (RuntimeException | Error e) {
            locks.forEach(WriteLock::close);
            throw e;
        }
        return new OutputClaim(List.copyOf(outputs), List.copyOf(inputs), locks);
    }

    /** Refuses {@code more} files, to be written beside the run, if any is one the run reads or writes. */
    public void refuseClashes(List<RunPath> more) {
        OutputRules.refuseClashes(more, inputs, "reads");
        OutputRules.refuseClashes(more, outputs, "writes");
    }

    /** Releases the locks. */
    @Override
    public void close() {
        locks.forEach(WriteLock::close);
    }
}
