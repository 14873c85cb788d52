package dev.vecrnn.api;

import dev.vecrnn.internal.io.AtomicFile;

import java.nio.file.Path;

/**
 * Files written the way vecrnn writes its model files: to a temporary file in the same folder,
 * forced to disk, then renamed over the target in one step, so that a reader (or a crash, a kill,
 * a full disk) sees either the old content or the complete new one, never half a file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes} atomically; a {@link VecrnnException} says why it cannot. */
    public static void write(Path target, byte[] bytes) {
        AtomicFile.write(target, out -> out.write(bytes));
    }

    /** Checks, before any work is done, that {@code target} can be written; a {@link VecrnnException} says why not. */
    public static void checkWritable(Path target) {
        AtomicFile.checkWritable(target);
    }
}
