package dev.vecrnn.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A folder nobody can create files in, for tests. Permission bits do not stop root, so as root the
 * folder is made immutable with {@code chattr +i} instead; where neither works the test is
 * skipped by assumption. Closing makes the folder writable again so that it can be deleted.
 */
final class ReadOnlyFolder implements AutoCloseable {
    private final Path dir;
    private final boolean immutable;

    private ReadOnlyFolder(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder make(Path dir) throws IOException {
        Files.createDirectories(dir);
        boolean immutable = false;
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "no POSIX permissions on this file system");
        }
        if (canCreateIn(dir)) {
            // root: permission bits are ignored; try the immutable attribute
            immutable = run("chattr", "+i", dir.toString());
        }
        ReadOnlyFolder f = new ReadOnlyFolder(dir, immutable);
        if (canCreateIn(dir)) {
            f.close();
            assumeTrue(false, "cannot make a read-only folder here (running as root without chattr)");
        }
        return f;
    }

    public Path path() {
        return dir;
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... cmd) {
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            run("chattr", "-i", dir.toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
