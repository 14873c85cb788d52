package dev.vecrnn.server;

import dev.vecrnn.api.Generation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Draws the tokens of every running generation on a few worker threads (one per core), one
 * token at a time, always the token of the generation that has drawn the fewest so far: a new
 * request's first token goes ahead of the running ones, and the running ones take turns. With a
 * thread per generation instead, 64 generations share the cores through the OS scheduler and a
 * new request waits behind all of them for its first token.
 *
 * <p>The request's thread still owns its generation: it asks for each token with
 * {@link #next} and waits for it, so a generation is only ever used by one thread at a time.
 */
final class TokenScheduler implements AutoCloseable {
    private final ThreadPoolExecutor workers;
    private final AtomicLong order = new AtomicLong();

    TokenScheduler(int threads) {
        AtomicLong n = new AtomicLong();
        workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vecrnn-tokens-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        workers.prestartAllCoreThreads();
    }

    /** The next token's text of {@code g}, which has drawn {@code drawn} tokens so far. */
    String next(Generation g, long drawn) throws InterruptedException {
        Draw d = new Draw(g, drawn, order.getAndIncrement());
        workers.execute(d);
        return d.await();
    }

    /** Stops the workers; generations waiting for a token get a 503. */
    @Override
    public void close() {
        for (Runnable r : workers.shutdownNow()) {
            ((Draw) r).fail(ApiError.status(503, "shutting_down", "the server stopped"));
        }
    }

    /** One token to draw; fewer tokens drawn first, then first come first. */
    private static final class Draw implements Runnable, Comparable<Draw> {
        private final Generation g;
        private final long drawn;
        private final long order;
        private final CountDownLatch done = new CountDownLatch(1);
        private String text;
        private RuntimeException failure;
        private Error error;

        Draw(Generation g, long drawn, long order) {
            this.g = g;
            this.drawn = drawn;
            this.order = order;
        }

        @Override
        public void run() {
            try {
                text = g.next();
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                error = e;
            } finally {
                done.countDown();
            }
        }

        void fail(RuntimeException e) {
            failure = e;
            done.countDown();
        }

        String await() throws InterruptedException {
            done.await();
            if (failure != null) {
                throw failure;
            }
            if (error != null) {
                throw error;
            }
            return text;
        }

        @Override
        public int compareTo(Draw o) {
            int c = Long.compare(drawn, o.drawn);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
