package dev.vecrnn.server;

import dev.vecrnn.api.Generation;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Generations whose tokens are drawn by shared workers, interleaved, give exactly the texts they give alone. */
class TokenSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void interleavedGenerationsGiveTheirOwnTexts() throws Exception {
        Model fox = TestModels.train(dir, "fox");
        int n = 12;
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            alone.add(fox.sampleText("The ", settings(i)));
        }
        ExecutorService requests = Executors.newFixedThreadPool(n);
        try (TokenScheduler tokens = new TokenScheduler(2)) {
            List<Future<String>> shared = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int seed = i;
                shared.add(requests.submit(() -> {
                    Generation g = fox.sample("The ", settings(seed));
                    StringBuilder sb = new StringBuilder();
                    while (g.hasNext()) {
                        sb.append(tokens.next(g, g.tokensDrawn()));
                    }
                    return sb.toString();
                }));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(alone.get(i), shared.get(i).get(), "seed " + i);
            }
            // a generation that is over fails in its caller's thread, as it would alone
            Generation done = fox.sample("The ", SampleSettings.builder().length(1).seed(1L).build());
            tokens.next(done, 0);
            assertThrows(java.util.NoSuchElementException.class, () -> tokens.next(done, 1));
        } finally {
            requests.shutdownNow();
        }
    }

    private static SampleSettings settings(long seed) {
        return SampleSettings.builder().length(150).temperature(0.9).seed(seed).build();
    }
}
