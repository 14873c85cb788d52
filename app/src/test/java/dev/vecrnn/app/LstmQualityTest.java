package dev.vecrnn.app;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelRun;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainResult;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.testing.SharedCorpora;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 5, item 5: an LSTM of 2 x 128 trained like PyTorch's anchor ({@code torch_quality.py}:
 * seq 50, batch 50, Adam 2e-3, element-wise clip 5, 2,000,000 tokens of the first 90 % of
 * tinyshakespeare) reaches a validation loss of at most 1.78 nats per character on the last
 * 10 %, evaluated like the anchor: one stream, chunks of 50 with the state carried.
 */
@Tag("slow")
class LstmQualityTest {
    static final int HIDDEN = 128;
    static final int LAYERS = 2;
    static final int STEPS = 50;
    static final int BATCH = 50;
    static final long TOKENS = 2_000_000;

    @Test
    void lstmLearnsTinyShakespeareAsWellAsPyTorch() throws IOException {
        Path file = SharedCorpora.require("tinyshakespeare.txt");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Tokenizer tok = Registry.tokenizers().get("char").create(Options.empty("tokenizer", "char"));
        List<String> pieces = tok.split(text);
        Vocabulary vocab = Vocabulary.build(pieces, 1, 0);
        int[] ids = vocab.encode(pieces, "tinyshakespeare");
        int split = (int) (ids.length * 0.9);
        int[] train = Arrays.copyOf(ids, split);
        int[] val = Arrays.copyOfRange(ids, split, ids.length);

        LanguageModel model = new LanguageModel(new ModelSpec("lstm", vocab.size(), HIDDEN, LAYERS, 0f));
        model.initialize(new Rng(0));
        Optimizer adam = Registry.optimizers().get("adam").create(Options.empty("optimizer", "adam"));
        TrainConfig config = new TrainConfig(STEPS, BATCH, TOKENS / (STEPS * BATCH), 2e-3, Clipping.value(5), 0, 0);
        int threads = Runtime.getRuntime().availableProcessors();
        try (ParallelKernels k = new ParallelKernels(KernelsLoader.get(), threads)) {
            TrainState state = new TrainState(TrainState.initialSmoothLoss(vocab.size(), STEPS), model.newState(BATCH), 1);
            TrainResult r = new Trainer(model, adam, k, config, new TrainListener() { }).run(train, state);
            double loss = validationLoss(model, val, k);
            System.out.printf("LstmQualityTest: %s, %d tokens in %.0f s (%.0f tokens/s), validation loss %.4f nats/char%n",
                    k.name(), r.tokens(), r.nanos() / 1e9, r.tokensPerSecond(), loss);
            assertTrue(loss <= 1.78, "validation loss " + loss + " nats per character, the target is 1.78");
        }
    }

    /** Mean loss per token over {@code val} as one stream in chunks of STEPS, like the anchor (the last partial chunk is left out). */
    static double validationLoss(LanguageModel model, int[] val, Kernels k) {
        ModelRun run = model.open(STEPS, 1);
        float[][] state = model.newState(1);
        int[] in = new int[STEPS];
        int[] out = new int[STEPS];
        double total = 0;
        long n = 0;
        for (int q = 0; q + STEPS < val.length - 1; q += STEPS) {
            System.arraycopy(val, q, in, 0, STEPS);
            System.arraycopy(val, q + 1, out, 0, STEPS);
            total += run.forward(in, out, STEPS, state, k);
            n += STEPS;
        }
        return total / n;
    }
}
