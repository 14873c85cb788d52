package dev.vecrnn.api;

import dev.vecrnn.internal.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The rule for a folder that vecrnn fills with files of its own (a training report, a live page):
 * it writes into a new or empty folder, or one it made before, which it marks with a file named
 * {@value #MARKER}; a folder that holds anything else is someone else's, and is written into only
 * when its user says so ({@code force}).
 */
public final class ReportFolder {
    /** The file that marks a folder as vecrnn's. */
    public static final String MARKER = ".vecrnn-report";

    private ReportFolder() {
    }

    /**
     * Makes {@code dir} (and its parents) if needed, checks that it may be written into and can
     * be, and marks it as vecrnn's. {@code setting} is how messages name the folder ("report").
     *
     * @throws VecrnnException if {@code dir} is a file, holds files vecrnn did not write (unless
     *                         {@code force}), or cannot be written
     */
    public static void claim(Path dir, String setting, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw VecrnnException.about("{" + setting + "} " + dir + " is a file; give a folder", setting);
        }
        if (Files.isDirectory(dir) && !force && !Files.exists(dir.resolve(MARKER))) {
            String someone = firstEntry(dir);
            if (someone != null) {
                throw VecrnnException.about("{" + setting + "} " + dir + " holds files vecrnn did not write (" + someone
                        + "); give a new or empty folder, or pass {force} to write into it", setting, "force");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VecrnnException("cannot create the folder " + dir + ": " + e.getMessage());
        }
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker)) {
            AtomicFile.write(marker, out -> out.write("written by vecrnn; its files here may be replaced\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static String firstEntry(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            Iterator<Path> it = s.iterator();
            return it.hasNext() ? it.next().getFileName().toString() : null;
        } catch (IOException e) {
            throw new VecrnnException("cannot read the folder " + dir + ": " + e.getMessage());
        }
    }
}
