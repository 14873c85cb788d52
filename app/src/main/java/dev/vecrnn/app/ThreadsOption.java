package dev.vecrnn.app;

import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine.Option;

/** {@code --threads}: how many cores the large products use. */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "Threads for large matrix products (default: all cores).")
    Integer threads;

    /** The count asked for; 0 means all cores. */
    int count() {
        if (threads == null) {
            return 0;
        }
        if (threads < 1) {
            throw VecrnnException.about("{threads} must be at least 1, not " + threads, "threads");
        }
        return threads;
    }
}
