package dev.vecrnn.bench.serve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the clients of one load run saw: per completion the time to its first event and to its end, the tokens, the errors. */
final class LoadResults {
    private final List<Long> firstEvent = new ArrayList<>();
    private final List<Long> whole = new ArrayList<>();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile String firstError;

    synchronized void completed(long firstEventNanos, long wholeNanos, long completionTokens) {
        firstEvent.add(firstEventNanos);
        whole.add(wholeNanos);
        tokens.addAndGet(completionTokens);
    }

    void failed(String why) {
        if (errors.getAndIncrement() == 0) {
            firstError = why;
        }
    }

    synchronized int completions() {
        return whole.size();
    }

    long tokens() {
        return tokens.get();
    }

    int errors() {
        return errors.get();
    }

    /** The first error's description, or null. */
    String firstError() {
        return firstError;
    }

    /** The {@code p}th percentile of the times to the first event, in ms. */
    synchronized double firstEventMs(double p) {
        return percentileMs(firstEvent, p);
    }

    /** The {@code p}th percentile of the whole completions' times, in ms. */
    synchronized double wholeMs(double p) {
        return percentileMs(whole, p);
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    private static double percentileMs(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1))) / 1e6;
    }
}
