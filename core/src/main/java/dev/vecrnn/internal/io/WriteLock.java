package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per model file: an OS lock on a file beside it ({@code .model.vrnn.lock}), held for
 * a run's whole life. The model file itself cannot carry the lock, since every write replaces it
 * with a new file. The OS drops the lock when the process ends, however it ends (a crash,
 * SIGKILL), so a lock is never stale: a lock file left by a killed run is simply locked again.
 *
 * <p>A run deletes its lock file when it ends, while it still holds the lock. A run that opened
 * that file just before, and locks it once it is released, would hold a lock on a deleted file
 * while a third run locks a new one: so after locking, a run checks that the name still leads to
 * the file it locked (by file key, with {@code stat}: opening the file again would drop the lock,
 * since POSIX locks belong to the process and go with any of its descriptors being closed), and
 * tries again if not. For the same reason a second run in this JVM is refused from the table of
 * locks this JVM holds, without opening the file.
 *
 * <p>Readers (sample, eval, info) never take the lock: each write is atomic, so they see the last
 * complete checkpoint.
 */
public final class WriteLock implements AutoCloseable {
    private static final int ATTEMPTS = 20;
    /** The lock files this JVM holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /** The key of every file on a file system without file keys: the check is then by name only. */
    private static final Object NO_KEY = new Object();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WriteLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code model}'s lock file, or refuses at once if another run (in this process or
     * another) holds it. The model's folder must exist.
     */
    public static WriteLock acquire(RunPath model) {
        Path file = lockFile(model.path());
        if (!HELD.add(file)) {
            throw busy(model, file);
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                WriteLock held = tryOnce(model, file);
                if (held != null) {
                    return held;
                }
            }
            throw new VecrnnException("cannot lock " + model.path() + " for writing: " + file + " keeps being replaced");
        } catch (RuntimeException | Error e) {
            HELD.remove(file);
            throw e;
        }
    }

    /** The lock, or null if the name stopped leading to the file locked (try again). */
    private static WriteLock tryOnce(RunPath model, Path file) {
        FileChannel ch = null;
        try {
            Object key = keyOf(file);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (key == null || !key.equals(keyOf(file))) {
                // created now, or replaced between the two looks: look again
                close(ch);
                return null;
            }
            FileLock lock = ch.tryLock();
            if (lock == null) {
                close(ch);
                throw busy(model, file);
            }
            if (!key.equals(keyOf(file))) {
                // its holder deleted it as it finished
                lock.release();
                close(ch);
                return null;
            }
            return new WriteLock(file, ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                close(ch);
            }
            throw new VecrnnException("cannot lock " + model.path() + " for writing with " + file + ": " + e.getMessage());
        }
    }

    /** The file key (device and inode) {@code file} leads to now, or null if there is none. */
    private static Object keyOf(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : NO_KEY;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static VecrnnException busy(RunPath model, Path file) {
        return VecrnnException.about("another run is writing " + model.path() + " (it holds " + file.getFileName()
                + "); wait for it to finish, or give another {" + model.setting() + "}", model.setting());
    }

    /**
     * The lock file of {@code model}: beside it in its real folder, so that two names of one
     * folder (a link, {@code ..}) give one lock. The model's own last name is not followed: an
     * atomic write replaces a link there rather than the file it points to.
     */
    static Path lockFile(Path model) {
        Path abs = model.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        try {
            dir = dir.toRealPath();
        } catch (IOException e) {
            // a folder that cannot be resolved is refused by the write check; lock by the plain path
        }
        return dir.resolve("." + abs.getFileName() + ".lock");
    }

    /** Deletes the lock file and releases the lock (idempotent). */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the file stays; the next run locks it again
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        close(channel);
        HELD.remove(file);
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
