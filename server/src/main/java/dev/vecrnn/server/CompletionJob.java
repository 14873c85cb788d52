package dev.vecrnn.server;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;

/**
 * One completion request taking turns on the {@link TokenScheduler}: what every kind of response
 * shares — its run, its time, giving its slot back exactly once, and ending the exchange when
 * something fails (an API error while nothing is sent yet; a cut connection after).
 */
abstract class CompletionJob implements TokenScheduler.Turn {
    final Exchange ex;
    final CompletionRequest request;
    final CompletionRun run;
    final BooleanSupplier timeLeft;
    final TokenScheduler tokens;
    final ServerMetrics metrics;
    final String id;
    final long created;
    private final Runnable release;
    private final PrintStream log;
    private boolean ended;

    /**
     * @param release gives the generation slot back; called once, when the job ends
     */
    CompletionJob(Exchange ex, CompletionRequest request, CompletionRun run, BooleanSupplier timeLeft, TokenScheduler tokens,
                  ServerMetrics metrics, String id, long created, Runnable release, PrintStream log) {
        this.ex = ex;
        this.request = request;
        this.run = run;
        this.timeLeft = timeLeft;
        this.tokens = tokens;
        this.metrics = metrics;
        this.id = id;
        this.created = created;
        this.release = release;
        this.log = log;
    }

    @Override
    public long drawn() {
        return run.tokensDrawn();
    }

    @Override
    public final void take() {
        try {
            turn();
        } catch (Throwable t) {
            log.println("vecrnn serve: internal error in a completion: " + t);
            fail(ApiError.internal());
        }
    }

    /** One turn: a step of the run, and what the response does with it. */
    abstract void turn();

    @Override
    public void cancel(ApiError why) {
        fail(why);
    }

    /** Answers {@code why} while nothing is sent; after that, cuts the response. */
    void fail(ApiError why) {
        if (ex.response.isCommitted()) {
            ex.callback.failed(why);
        } else {
            ex.error(why);
        }
        end();
    }

    /** The slot goes back; once, however the job ends. */
    synchronized void end() {
        if (!ended) {
            ended = true;
            release.run();
        }
    }
}
