package dev.vecrnn.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limit on completions generating at once: a request takes a slot, or waits in a bounded
 * queue for a bounded time, or is refused with 429 and a Retry-After.
 */
final class GenerationSlots {
    private final Semaphore slots;
    private final int maxQueued;
    private final Duration wait;
    private final AtomicInteger queued = new AtomicInteger();

    GenerationSlots(int concurrent, int maxQueued, Duration wait) {
        this.slots = new Semaphore(concurrent, true);
        this.maxQueued = maxQueued;
        this.wait = wait;
    }

    /** Takes a slot (release it with {@link #release()}), or throws a 429 {@link ApiError}. */
    void acquire() throws InterruptedException {
        if (slots.tryAcquire()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            throw busy("all generation slots are busy and the queue is full");
        }
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy("all generation slots stayed busy for " + wait.toMillis() + " ms");
            }
        } finally {
            queued.decrementAndGet();
        }
    }

    void release() {
        slots.release();
    }

    /** Requests waiting for a slot now. */
    int queued() {
        return queued.get();
    }

    private ApiError busy(String why) {
        int seconds = (int) Math.max(1, wait.toSeconds());
        return ApiError.busy(why + "; try again in " + seconds + " s", seconds);
    }
}
