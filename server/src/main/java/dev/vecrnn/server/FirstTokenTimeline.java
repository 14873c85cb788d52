package dev.vecrnn.server;

/**
 * When one streamed completion passed each step on the way to its first token, so that a slow
 * first token can be traced to its step ({@code vecrnn_first_token_stage_seconds} in /metrics).
 * Each mark is a {@link System#nanoTime()}; a step's time is its mark minus the one before.
 */
final class FirstTokenTimeline {

    /** The steps, in order; each is named by what happened in the time up to it. */
    enum Stage {
        /** Jetty read the request head, then a thread picked the request up. */
        DISPATCH,
        /** The body read and the JSON checked. */
        PARSE,
        /** A generation slot taken (waits only when every slot is busy). */
        SLOT,
        /** The prompt run through the model. */
        PROMPT,
        /** The first token's turn waited for a token worker. */
        QUEUE,
        /** The first token drawn and its event made. */
        DRAW,
        /** The first event written to the connection. */
        WRITE
    }

    private final long begin;
    private final long[] marks = new long[Stage.values().length];

    /** @param begin when the request arrived (Jetty's begin time) */
    FirstTokenTimeline(long begin) {
        this.begin = begin;
    }

    void mark(Stage s) {
        marks[s.ordinal()] = System.nanoTime();
    }

    boolean complete() {
        for (long m : marks) {
            if (m == 0) {
                return false;
            }
        }
        return true;
    }

    /** Nanoseconds spent in {@code s}: from the mark before it (or the begin) to its own. */
    long nanos(Stage s) {
        long before = s.ordinal() == 0 ? begin : marks[s.ordinal() - 1];
        return marks[s.ordinal()] - before;
    }

    /** From the request's arrival to the first event flushed. */
    long totalNanos() {
        return marks[marks.length - 1] - begin;
    }
}
