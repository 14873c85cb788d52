package dev.vecrnn.internal.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits large matrix products, the bias passes over them and the optimizers' element-wise
 * updates into one block of output rows, columns or elements per thread and runs them on a fixed
 * pool; everything else goes straight to the wrapped kernels. Each output element is computed by exactly one thread, always in the same
 * order, so a run with a given thread count is reproducible bit for bit.
 */
public final class ParallelKernels extends ForwardingKernels implements AutoCloseable {

    /** Products below this many multiply-adds are not worth a hand-off to another thread. */
    static final long MIN_WORK = 1L << 18;

    private final int threads;
    private final ExecutorService pool;

    public ParallelKernels(Kernels inner, int threads) {
        super(inner);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "vecrnn-kernel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = threads > 1
                ? new ThreadPoolExecutor(threads - 1, threads - 1, 0L, TimeUnit.MILLISECONDS, new SpinningQueue(), tf)
                : null;
    }

    /** Wraps {@code inner} when more than one thread is asked for. */
    public static Kernels wrap(Kernels inner, int threads) {
        return threads <= 1 ? inner : new ParallelKernels(inner, threads);
    }

    public int threads() {
        return threads;
    }

    @Override
    public String name() {
        return inner.name() + " x" + threads + " threads";
    }

    private interface Block {
        void run(int from, int to);
    }

    /** Runs block(from, to) over [0, size) cut into up to {@code threads} parts. */
    private void split(int size, long work, int align, Block block) {
        int parts = (int) Math.min(threads, Math.max(1, work / MIN_WORK));
        parts = Math.min(parts, Math.max(1, size / Math.max(1, align)));
        if (parts <= 1 || pool == null) {
            block.run(0, size);
            return;
        }
        int[] bounds = new int[parts + 1];
        for (int p = 1; p < parts; p++) {
            // round block edges to a multiple of align so vector loops keep full lanes
            bounds[p] = Math.min(size, (int) ((long) size * p / parts) / align * align);
        }
        bounds[parts] = size;
        runParts(bounds, p -> block.run(bounds[p], bounds[p + 1]));
    }

    /** Never used: {@link #forEachPart} hands its parts the inner kernels itself. */
    @Override
    protected Kernels decorate(Kernels partKernels) {
        return partKernels;
    }

    @Override
    public void forEachPart(int count, long work, Part body) {
        int parts = (int) Math.min(Math.min(threads, count), Math.max(1, (long) count * work / MIN_WORK));
        if (parts <= 1 || pool == null) {
            body.run(0, count, inner);
            return;
        }
        int[] bounds = new int[parts + 1];
        for (int p = 1; p <= parts; p++) {
            bounds[p] = (int) ((long) count * p / parts);
        }
        runParts(bounds, p -> body.run(bounds[p], bounds[p + 1], inner));
    }

    private interface Job {
        void run(int part);
    }

    /**
     * Runs job(p) for every part p of {@code bounds}. The parts are fixed; which thread runs which
     * is not: the caller and the pool threads take the next part left until none is, so a pool
     * thread that the OS has not scheduled yet (the other core busy) costs nothing but its share
     * of work, which the caller then does itself.
     */
    private void runParts(int[] bounds, Job job) {
        int parts = bounds.length - 1;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                job.run(p);
            }
        };
        // per helper: 0 not started, 1 started (must be waited for), 2 dropped by the caller
        AtomicInteger[] started = new AtomicInteger[parts - 1];
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int p = 0; p < parts - 1; p++) {
            AtomicInteger mine = new AtomicInteger();
            started[p] = mine;
            futures[p] = pool.submit(() -> {
                if (mine.compareAndSet(0, 1)) {
                    worker.run();
                }
            });
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int p = 0; p < parts - 1; p++) {
            // a helper that has not started would find nothing left to do: drop it instead of waiting
            if (started[p].compareAndSet(0, 2)) {
                continue;
            }
            awaitBriefly(futures[p]);
            try {
                futures[p].get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while multiplying", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * How long a pool thread that ran out of parts, or a caller waiting for a part, keeps polling
     * before it parks. A parked thread takes tens of microseconds to wake up (on a virtual machine
     * the idle core itself must be woken), as long as a whole product of a recurrent step; while
     * a chunk runs, the next hand-off comes within a few microseconds, so polling catches it.
     */
    static final long SPIN_NANOS = 50_000;

    private static void awaitBriefly(Future<?> f) {
        long end = System.nanoTime() + SPIN_NANOS;
        while (!f.isDone() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** The pool's queue: {@link #take()} polls for {@link #SPIN_NANOS} before it blocks. */
    private static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
        @Override
        public Runnable take() throws InterruptedException {
            long end = System.nanoTime() + SPIN_NANOS;
            do {
                Runnable r = poll();
                if (r != null) {
                    return r;
                }
                Thread.onSpinWait();
            } while (System.nanoTime() < end);
            return super.take();
        }
    }

    // The bias passes over a chunk's gates (T*B x G, megabytes) are memory-bound and would
    // otherwise run on one thread while the others wait. Each output element is still summed
    // or added by one thread in the one order, so the bits do not depend on the cut.

    @Override
    public void addColumnSums(float[] x, int xo, int m, int n, int ldx, float[] y, int yo) {
        // by columns: every column is summed over all rows, in row order, by one thread
        split(n, (long) m * n, 16, (j0, j1) -> inner.addColumnSums(x, xo + j0, m, j1 - j0, ldx, y, yo + j0));
    }

    @Override
    public void addRowVector(float[] y, int yo, float[] x, int xo, int m, int n, int ldx) {
        split(m, (long) m * n, 1, (i0, i1) -> inner.addRowVector(y, yo, x, xo + i0 * ldx, i1 - i0, n, ldx));
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        long work = (long) m * n * k;
        if (n >= m) {
            split(n, work, 4, (j0, j1) -> inner.gemmNT(m, j1 - j0, k, a, ao, lda, b, bo + j0 * ldb, ldb,
                    c, co + j0, ldc));
        } else {
            split(m, work, 1, (i0, i1) -> inner.gemmNT(i1 - i0, n, k, a, ao + i0 * lda, lda, b, bo, ldb,
                    c, co + i0 * ldc, ldc));
        }
    }

    @Override
    public void gemmNN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        long work = (long) m * n * k;
        if (m >= 2 * threads) {
            split(m, work, 1, (i0, i1) -> inner.gemmNN(i1 - i0, n, k, a, ao + i0 * lda, lda, b, bo, ldb,
                    c, co + i0 * ldc, ldc));
        } else {
            split(n, work, 16, (j0, j1) -> inner.gemmNN(m, j1 - j0, k, a, ao, lda, b, bo + j0, ldb,
                    c, co + j0, ldc));
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int ao, int lda, float[] b, int bo, int ldb,
                       float[] c, int co, int ldc) {
        long work = (long) m * n * k;
        split(m, work, 1, (i0, i1) -> inner.gemmTN(i1 - i0, n, k, a, ao + i0, lda, b, bo, ldb,
                c, co + i0 * ldc, ldc));
    }

    // The optimizers' element-wise updates and the clipping's scaling. Adam moves every element of
    // every weight each step, the 45,558-word embedding's 11.7 million too: memory-bound passes
    // that would otherwise run on one thread while the others wait. An element's update reads and
    // writes only that element, and the cuts fall on multiples of ELEMENTWISE_ALIGN (a multiple of
    // every vector width), so each element goes through the same vector or scalar operations as in
    // one whole call: the bits do not depend on the cut.

    /** Cut positions are multiples of this many elements. */
    static final int ELEMENTWISE_ALIGN = 64;
    /** An element's update counted as this many multiply-adds against {@link #MIN_WORK}. */
    static final int ELEMENTWISE_WORK = 8;

    private void splitElements(int n, Block block) {
        split(n, (long) n * ELEMENTWISE_WORK, ELEMENTWISE_ALIGN, block);
    }

    @Override
    public void scale(float alpha, float[] x, int xo, int n) {
        splitElements(n, (i0, i1) -> inner.scale(alpha, x, xo + i0, i1 - i0));
    }

    @Override
    public void movingAverage(float[] m, int mo, float[] g, int go, int n, float beta) {
        splitElements(n, (i0, i1) -> inner.movingAverage(m, mo + i0, g, go + i0, i1 - i0, beta));
    }

    @Override
    public void movingSquareAverage(float[] v, int vo, float[] g, int go, int n, float beta) {
        splitElements(n, (i0, i1) -> inner.movingSquareAverage(v, vo + i0, g, go + i0, i1 - i0, beta));
    }

    @Override
    public void rootScaledStep(float[] w, int wo, float[] num, int no, float[] den, int dOff, int n, float lr, float eps) {
        splitElements(n, (i0, i1) -> inner.rootScaledStep(w, wo + i0, num, no + i0, den, dOff + i0, i1 - i0, lr, eps));
    }

    @Override
    public void adagradBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float eps) {
        splitElements(n, (i0, i1) -> inner.adagradBlock(w, m, off + i0, g, gOff + i0, i1 - i0, lr, eps));
    }

    @Override
    public void rmspropBlock(float[] w, float[] m, int off, float[] g, int gOff, int n, float lr, float decay, float eps) {
        splitElements(n, (i0, i1) -> inner.rmspropBlock(w, m, off + i0, g, gOff + i0, i1 - i0, lr, decay, eps));
    }

    @Override
    public void adamBlock(float[] w, float[] m, float[] v, int off, float[] g, int gOff, int n,
                          float b1, float b2, float lrT, float epsT, float wdLr) {
        splitElements(n, (i0, i1) -> inner.adamBlock(w, m, v, off + i0, g, gOff + i0, i1 - i0, b1, b2, lrT, epsT, wdLr));
    }

    @Override
    public void sgdBlock(float[] w, float[] v, int off, float[] g, int gOff, int n, float lr, float mu, boolean nesterov) {
        splitElements(n, (i0, i1) -> inner.sgdBlock(w, v, off + i0, g, gOff + i0, i1 - i0, lr, mu, nesterov));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
