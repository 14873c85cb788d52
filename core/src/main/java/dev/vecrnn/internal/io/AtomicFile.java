package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go
 * to a temporary file in the same folder ({@code .<name>.<random>.tmp}), are forced to disk, and
 * the temporary file is renamed over the target in one step. A crash or a kill at any moment
 * leaves the previous file intact; the temporary files such a kill leaves behind are removed by
 * the next successful write of the same target.
 */
public final class AtomicFile {

    /** Writes the content. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Test hook: with {@code -Dvecrnn.test.pauseWritesAfter=N}, every write after the first N stops
     * for good after a few kilobytes, with a line on stderr, so that a test can kill the process
     * in the middle of a write.
     */
    static final String PAUSE_PROPERTY = "vecrnn.test.pauseWritesAfter";
    static final String PAUSE_MESSAGE = "vecrnn: test hook: write paused";
    /** Bytes the writer's output holds before they go to the file (a kill loses at most these). */
    static final int BUFFER_SIZE = 1 << 16;
    private static final AtomicLong WRITES = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {
    }

    /** Checks, before any work is done, that {@code target} can be written; fails with a one-line message. */
    public static void checkWritable(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new VecrnnException(target + " is a folder; give a file name");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new VecrnnException("cannot write " + target + ": the folder " + dir + " does not exist");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new VecrnnException("cannot write " + target + ": the file is read-only");
        }
        // permission bits do not tell the whole story (root, read-only mounts, immutable folders): try it
        try {
            Files.delete(Files.createTempFile(dir, ".vecrnn-probe.", ".tmp"));
        } catch (IOException e) {
            throw new VecrnnException("cannot write " + target + ": the folder " + dir + " is not writable (" + reason(e) + ")");
        }
    }

    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        checkWritable(abs);
        Path dir = abs.getParent();
        String prefix = "." + abs.getFileName() + ".";
        boolean pause = WRITES.getAndIncrement() >= Long.getLong(PAUSE_PROPERTY, Long.MAX_VALUE);
        Path tmp = null;
        try {
            tmp = createTemporary(dir, prefix);
            keepPermissions(abs, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(ch);
                OutputStream out = new BufferedOutputStream(pause ? new Pausing(raw) : raw, BUFFER_SIZE);
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            Path written = tmp;
            tmp = null;
            forceDirectory(dir);
            removeLeftovers(dir, prefix, written);
        } catch (AccessDeniedException e) {
            throw new VecrnnException("cannot write " + target + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new VecrnnException("cannot write " + target + ": the folder " + dir + " does not exist");
        } catch (IOException e) {
            throw new VecrnnException("cannot write " + target + ": " + reason(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the target was not touched
                }
            }
        }
    }

    /**
     * A new empty file {@code <prefix><digits>.tmp}. Not {@code Files.createTempFile}: that one is
     * private to its owner (0600), and the file becomes the user's model or report, which should
     * get the usual permissions (the umask's).
     */
    private static Path createTemporary(Path dir, String prefix) throws IOException {
        while (true) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return p;
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /** A replaced file keeps the permissions its owner gave it. */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system, or not ours to change: the default permissions will do
        }
    }

    /** Temporary files of earlier writes of the same target that were killed before their rename. */
    private static void removeLeftovers(Path dir, String prefix, Path justWritten) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && !p.equals(justWritten)
                    && n.substring(prefix.length(), n.length() - 4).matches("[0-9]+");
        })) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover is harmless, only untidy
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(e.getMessage());
    }

    /** Makes the rename durable; not every platform can open a folder, which is fine. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    /** The test hook's stream: passes 4 KB through, then says so and waits to be killed. */
    private static final class Pausing extends FilterOutputStream {
        private long written;

        Pausing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (written >= 4096) {
                out.flush();
                System.err.println(PAUSE_MESSAGE);
                System.err.flush();
                while (true) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException ignored) {
                        // keep waiting: only a kill ends this
                    }
                }
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
