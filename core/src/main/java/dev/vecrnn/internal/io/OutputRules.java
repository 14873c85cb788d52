package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run may write, decided before it writes anything: never a file it reads (the same file
 * after symbolic links, hard links and {@code ..}), and never an existing file that is not a
 * vecrnn model unless its user said to replace it.
 */
public final class OutputRules {
    private OutputRules() {
    }

    /**
     * Refuses the first output that is the same file as one of {@code others}, naming both;
     * {@code how} says what the run does with the others ("reads").
     */
    public static void refuseClashes(List<RunPath> outputs, List<RunPath> others, String how) {
        for (RunPath out : outputs) {
            for (RunPath in : others) {
                if (sameFile(out.path(), in.path())) {
                    throw VecrnnException.about(out.what() + " " + out.path() + " is the same file as " + in.what() + " "
                                    + in.path() + ", which the run " + how + "; give another {" + out.setting() + "}",
                            out.setting(), in.setting());
                }
            }
        }
    }

    /**
     * Refuses {@code out} if it exists and is not a vecrnn model file (by its magic bytes), unless
     * {@code force}. An empty file holds nothing to lose (a script's {@code mktemp}).
     */
    public static void refuseForeign(RunPath out, boolean force) {
        Path p = out.path();
        if (force || !Files.exists(p) || Files.isDirectory(p) || isEmpty(p) || ModelFile.hasModelHeader(p)) {
            return; // a folder is refused by AtomicFile.checkWritable, with its own message
        }
        throw VecrnnException.about(out.what() + " " + p + " exists and is not a vecrnn model file; choose another {"
                + out.setting() + "}, or pass {force} to replace it", out.setting(), "force");
    }

    private static boolean isEmpty(Path p) {
        try {
            return Files.size(p) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code a} and {@code b} are one file; a file that does not exist is no other file. */
    public static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        if (!Files.exists(a) || !Files.exists(b)) {
            return false;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
