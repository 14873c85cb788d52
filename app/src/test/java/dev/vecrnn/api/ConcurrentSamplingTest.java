package dev.vecrnn.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * One loaded model shared by many threads: each sampling with its own state gives, for each seed,
 * exactly the text a lone sampler gives, and evaluations on the side do not disturb them.
 */
class ConcurrentSamplingTest {
    private static final int THREADS = 8;
    private static final int SEEDS_PER_THREAD = 6;

    @TempDir
    static Path dir;
    static Model model;

    @BeforeAll
    static void train() {
        String text = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。😀\n".repeat(40);
        Path out = dir.resolve("shared.vrnn");
        TrainSettings s = TrainSettings.builder().cell(CellType.LSTM).hidden(24).layers(2).seqLength(16).batchSize(4)
                .optimizer("adam").iterations(60).sampleEvery(0).build();
        try (Training t = Training.newRun(s).text(TrainingText.of(text, "fox")).output(out).threads(1).build()) {
            t.run();
        }
        model = Model.load(out);
    }

    private static String sample(long seed) {
        SampleSettings s = SampleSettings.builder().length(120).temperature(0.9).topP(0.95).seed(seed).build();
        return model.sampleText(seed % 2 == 0 ? "The " : "", s);
    }

    @Test
    void concurrentSamplersGiveTheTextsOfSequentialOnes() throws Exception {
        List<String> sequential = new ArrayList<>();
        for (int i = 0; i < THREADS * SEEDS_PER_THREAD; i++) {
            sequential.add(sample(1000 + i));
        }
        assertNotEquals(sequential.get(0), sequential.get(2), "different seeds give different texts");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int first = t * SEEDS_PER_THREAD;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (int i = first; i < first + SEEDS_PER_THREAD; i++) {
                        mine.add(sample(1000 + i));
                    }
                    return mine;
                }));
            }
            Future<Double> evaluating = pool.submit(() -> {
                start.await();
                return model.evaluate("The lazy dog jumps over the quick brown fox.").lossPerToken();
            });
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                assertEquals(sequential.subList(t * SEEDS_PER_THREAD, (t + 1) * SEEDS_PER_THREAD), futures.get(t).get(),
                        "thread " + t);
            }
            assertEquals(model.evaluate("The lazy dog jumps over the quick brown fox.").lossPerToken(), evaluating.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGenerationStreamsTokenByToken() {
        SampleSettings s = SampleSettings.builder().length(30).seed(7L).build();
        Generation g = model.sample("The quick", s);
        StringBuilder sb = new StringBuilder();
        int pieces = 0;
        while (g.hasNext()) {
            sb.append(g.next());
            pieces++;
        }
        assertEquals(30, pieces, "one element per token drawn");
        assertEquals(30, g.tokensDrawn());
        assertEquals(sb.toString(), model.sampleText("The quick", s));
        assertEquals(sb.toString(), String.join("", model.sample("The quick", s).stream().toList()));
    }
}
