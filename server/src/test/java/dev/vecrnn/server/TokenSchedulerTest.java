package dev.vecrnn.server;

import dev.vecrnn.api.Generation;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generations whose tokens are drawn in turns on shared workers, interleaved, give exactly the
 * texts they give alone; the turn of the one that has drawn the fewest tokens goes first; turns
 * still waiting when the scheduler stops are cancelled.
 */
class TokenSchedulerTest {
    @TempDir
    Path dir;

    /** A generation drawn one token per turn, handing itself back until it is done. */
    private static final class Drawing implements TokenScheduler.Turn {
        final Generation g;
        final TokenScheduler tokens;
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<String> done = new CompletableFuture<>();

        Drawing(Generation g, TokenScheduler tokens) {
            this.g = g;
            this.tokens = tokens;
        }

        @Override
        public long drawn() {
            return g.tokensDrawn();
        }

        @Override
        public void take() {
            text.append(g.next());
            if (g.hasNext()) {
                tokens.submit(this);
            } else {
                done.complete(text.toString());
            }
        }

        @Override
        public void cancel(ApiError why) {
            done.completeExceptionally(why);
        }
    }

    @Test
    void interleavedGenerationsGiveTheirOwnTexts() throws Exception {
        Model fox = TestModels.train(dir, "fox");
        int n = 12;
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            alone.add(fox.sampleText("The ", settings(i)));
        }
        try (TokenScheduler tokens = new TokenScheduler(2)) {
            List<Drawing> shared = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Drawing d = new Drawing(fox.sample("The ", settings(i)), tokens);
                shared.add(d);
                tokens.submit(d);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(alone.get(i), shared.get(i).done.get(60, TimeUnit.SECONDS), "seed " + i);
            }
        }
    }

    /** A turn that records when it ran; the first one holds the only worker until released. */
    private static final class Marker implements TokenScheduler.Turn {
        final long drawn;
        final List<Long> ran;
        final CountDownLatch hold;
        final CountDownLatch started = new CountDownLatch(1);
        volatile ApiError cancelled;

        Marker(long drawn, List<Long> ran, CountDownLatch hold) {
            this.drawn = drawn;
            this.ran = ran;
            this.hold = hold;
        }

        @Override
        public long drawn() {
            return drawn;
        }

        @Override
        public void take() {
            started.countDown();
            ran.add(drawn);
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void cancel(ApiError why) {
            cancelled = why;
        }
    }

    @Test
    void theFewestTokensDrawnGoFirstAndWaitingTurnsAreCancelledOnClose() throws Exception {
        List<Long> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(0);
        List<Marker> waiting = new ArrayList<>();
        try (TokenScheduler tokens = new TokenScheduler(1)) {
            Marker busy = new Marker(99, ran, go);
            tokens.submit(busy);
            assertTrue(busy.started.await(30, TimeUnit.SECONDS));
            for (long drawn : new long[] {40, 7, 0, 7, 3}) {
                Marker m = new Marker(drawn, ran, never);
                waiting.add(m);
                tokens.submit(m);
            }
            go.countDown();
            for (int i = 0; i < 600 && ran.size() < 6; i++) {
                Thread.sleep(50);
            }
            assertEquals(List.of(99L, 0L, 3L, 7L, 7L, 40L), ran, "the busy one, then the fewest drawn first");

            CountDownLatch stuck = new CountDownLatch(1);
            Marker holding = new Marker(1, ran, stuck);
            tokens.submit(holding);
            assertTrue(holding.started.await(30, TimeUnit.SECONDS));
            Marker queued = new Marker(2, ran, never);
            tokens.submit(queued);
            tokens.close();
            assertEquals(503, queued.cancelled.status, "a turn still waiting gets a 503");
            Marker late = new Marker(0, ran, never);
            tokens.submit(late);
            assertEquals(503, late.cancelled.status, "so does one submitted after the stop");
            stuck.countDown();
        }
        for (Marker m : waiting) {
            assertEquals(null, m.cancelled);
        }
    }

    private static SampleSettings settings(long seed) {
        return SampleSettings.builder().length(150).temperature(0.9).seed(seed).build();
    }
}
