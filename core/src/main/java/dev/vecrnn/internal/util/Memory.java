package dev.vecrnn.internal.util;

import dev.vecrnn.api.VecrnnException;
import java.util.Locale;

/**
 * Checks that the Java heap can hold what is about to be allocated, so a model that does not fit
 * fails at once with what it needs and how to get it, instead of an OutOfMemoryError halfway.
 */
public final class Memory {
    private static final long MB = 1L << 20;
    private static final long GB = 1L << 30;

    private Memory() {
    }

    /** Bytes the heap can still grow into: its maximum minus what is in use now. */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }

    /**
     * Fails with a one-line message when {@code bytes} more will not fit in the heap.
     * {@code what} says what needs them, e.g. "the model (parameters, gradients, optimizer state, buffers)".
     */
    public static void require(long bytes, String what) {
        if (bytes <= available()) {
            return;
        }
        System.gc(); // what is in use may be garbage; ask once before giving up
        long avail = available();
        if (bytes <= avail) {
            return;
        }
        Runtime r = Runtime.getRuntime();
        long used = r.totalMemory() - r.freeMemory();
        throw new VecrnnException(what + " needs about " + format(bytes) + " of memory, but the Java heap (at most "
                + format(r.maxMemory()) + ") has " + format(Math.max(0, avail)) + " left; run java with "
                + xmx(used + bytes) + " or more, or make the model smaller");
    }

    /** A size as people read it: 512 KB, 37.5 MB, 2.3 GB. */
    public static String format(long bytes) {
        if (bytes >= GB) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) GB);
        }
        if (bytes >= MB) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
        }
        return String.format(Locale.ROOT, "%d KB", (bytes + 1023) / 1024);
    }

    /** An -Xmx flag with a quarter of headroom over {@code bytes}. */
    static String xmx(long bytes) {
        long want = bytes + bytes / 4;
        if (want >= GB) {
            return "-Xmx" + ((want + GB - 1) / GB) + "g";
        }
        return "-Xmx" + Math.max(64, (want + MB - 1) / MB) + "m";
    }
}
