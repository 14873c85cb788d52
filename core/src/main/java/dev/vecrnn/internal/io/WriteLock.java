package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One writer per model file: an OS lock on a file beside it ({@code .model.vrnn.lock}), held for
 * a run's whole life. The model file itself cannot carry the lock, since every write replaces it
 * with a new file. The OS drops the lock when the process ends, however it ends (a crash,
 * SIGKILL), so a lock is never stale: a lock file left by a killed run is simply locked again.
 * A run deletes its lock file when it ends, while it still holds the lock; a run that locked the
 * deleted file in that moment sees that the name no longer leads to its file (the file's content
 * is the holder's token) and tries again. Readers (sample, eval, info) never take the lock: each
 * write is atomic, so they see the last complete checkpoint.
 */
public final class WriteLock implements AutoCloseable {
    private static final int ATTEMPTS = 20;
    private static final AtomicLong TOKENS = new AtomicLong();

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
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            WriteLock held = tryOnce(model, file);
            if (held != null) {
                return held;
            }
        }
        throw new VecrnnException("cannot lock " + model.path() + " for writing: " + file + " keeps being replaced");
    }

    /** The lock, or null if the file locked was deleted by the run that held it (try again). */
    private static WriteLock tryOnce(RunPath model, Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new VecrnnException("cannot lock " + model.path() + " for writing: cannot open " + file + " (" + e + ")");
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this JVM
            }
            if (lock == null) {
                close(ch);
                throw VecrnnException.about("another run is writing " + model.path() + " (it holds " + file.getFileName()
                        + "); wait for it to finish, or give another {" + model.setting() + "}", model.setting());
            }
            byte[] token = (ProcessHandle.current().pid() + ":" + TOKENS.incrementAndGet() + ":" + System.nanoTime())
                    .getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(token), 0);
            byte[] there;
            try {
                there = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                there = null;
            }
            if (!Arrays.equals(token, there)) {
                lock.release();
                close(ch);
                return null;
            }
            return new WriteLock(file, ch, lock);
        } catch (IOException e) {
            close(ch);
            throw new VecrnnException("cannot lock " + model.path() + " for writing: " + e.getMessage());
        }
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
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
