package dev.vecrnn.internal.io;

import java.nio.file.Path;

/**
 * A file a run reads or writes, with how a message names it: {@code what} is a template in the
 * form of {@link dev.vecrnn.api.VecrnnException#about} ("{out}", "the best-model file of {out}")
 * and {@code setting} the setting it names, the one to change to avoid a clash.
 */
public record RunPath(String setting, String what, Path path) {

    /** The file given by {@code setting} itself: named "{setting}". */
    public static RunPath of(String setting, Path path) {
        return new RunPath(setting, "{" + setting + "}", path);
    }
}
