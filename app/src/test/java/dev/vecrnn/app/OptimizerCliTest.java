package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer, learning-rate and clipping flags of {@code vecrnn train}, run in-process. */
class OptimizerCliTest {

    record Run(int code, String out, String err) {
    }

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.execute(args.toArray(new String[0]), o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A tiny, quick training run on the built-in corpus, plus the flags under test. */
    private static List<String> train(Path model, String flags) {
        List<String> a = new ArrayList<>(List.of("train", "--hidden", "8", "--seq-length", "10", "--iterations", "3",
                "--sample-every", "0", "--threads", "1", "--out", model.toString()));
        // '|' separates flags; a flag and its value are split at the first space
        for (String f : flags.split("\\|")) {
            if (!f.isBlank()) {
                a.addAll(Arrays.asList(f.trim().split(" ", 2)));
            }
        }
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "--lr -0.1                                        # --lr must be a positive number, not -0.1",
        "--lr 0                                           # --lr must be a positive number, not 0.0",
        "--lr abc                                         # Invalid value for option '--lr': 'abc' is not a double",
        "--optimizer adam|--lr 0                          # --lr must be a positive number, not 0.0",
        "--optimizer adam|--optimizer-opt beta1=1         # optimizer 'adam' option beta1=1 is out of range: it must be >= 0 and < 1",
        "--optimizer adam|--optimizer-opt beta1=1.2       # optimizer 'adam' option beta1=1.2 is out of range: it must be >= 0 and < 1",
        "--optimizer adam|--optimizer-opt beta2=0.9x      # optimizer 'adam' option beta2=0.9x is not a number",
        "--optimizer adam|--optimizer-opt momentum=0.9    # unknown option 'momentum' for optimizer 'adam'; it accepts: beta1, beta2, eps, weight_decay",
        "--optimizer rmsprop|--optimizer-opt decay=1      # optimizer 'rmsprop' option decay=1 is out of range: it must be >= 0 and < 1",
        "--optimizer rmsprop|--optimizer-opt momentum=0.9 # unknown option 'momentum' for optimizer 'rmsprop'; it accepts: decay, eps",
        "--optimizer adagrad|--optimizer-opt beta1=0.9    # unknown option 'beta1' for optimizer 'adagrad'; it accepts: eps",
        "--optimizer sgd|--optimizer-opt momentum=1       # optimizer 'sgd' option momentum=1 is out of range: it must be >= 0 and < 1",
        "--optimizer sgd|--optimizer-opt nesterov=true    # optimizer 'sgd' option nesterov=true needs momentum above 0, e.g. momentum=0.9",
        "--optimizer sgd|--optimizer-opt nesterov=sure    # optimizer 'sgd' option nesterov=sure is not true or false",
        "--optimizer sgd|--optimizer-opt momentum         # option 'momentum' for optimizer 'sgd' must be written key=value",
        "--optimizer nadam                                # unknown optimizer 'nadam'; known optimizers: sgd, adagrad, rmsprop, adam",
        "--lr-decay 1.5                                   # --lr-decay must be a factor in (0, 1], not 1.5 (0.97 lowers the rate by 3%)",
        "--lr-decay 0                                     # --lr-decay must be a factor in (0, 1], not 0.0 (0.97 lowers the rate by 3%)",
        "--lr-decay 0.97|--lr-decay-every 2weeks          # --lr-decay-every '2weeks' is not a number of iterations (e.g. 2000) or epochs (e.g. 1ep)",
        "--lr-decay 0.97|--lr-decay-every 0ep             # --lr-decay-every must be at least 1 iteration or epoch, not 0ep",
        "--lr-decay 0.97|--lr-decay-after -1              # --lr-decay-after '-1' is not a number of iterations (e.g. 2000) or epochs (e.g. 1ep)",
        "--lr-decay-every 1ep                             # --lr-decay-every needs --lr-decay F, the factor to multiply the learning rate by (e.g. --lr-decay 0.97)",
        "--clip 5|--clip-norm 1                           # give either --clip or --clip-norm, not both",
        "--clip -1                                        # --clip must be a positive number, not -1.0 (use --clip 0 for no clipping)",
        "--clip-norm 0                                    # --clip-norm must be a positive number, not 0.0",
    })
    void badInputIsOneLineAndExitCodeTwo(String flags, String message, @TempDir Path dir) {
        Path model = dir.resolve("model.vrnn");
        Run r = run(train(model, flags));
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        String line = r.err().strip();
        assertTrue(line.startsWith("vecrnn: " + message), line);
        assertFalse(r.err().contains("Exception") || r.out().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(model), "no model file after an error");
        assertTrue(r.out().isEmpty(), "nothing trained: " + r.out());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "sgd     ; --optimizer-opt momentum=0.9|--optimizer-opt nesterov=true|--optimizer-opt weight_decay=1e-4 ; momentum",
        "sgd     ; --lr 0.05                                                                  ; ",
        "adagrad ; --clip-norm 1                                                              ; mem",
        "rmsprop ; --lr-decay 0.97|--lr-decay-every 1ep|--lr-decay-after 10ep                 ; ms",
        "adam    ; --optimizer-opt beta1=0.8|--optimizer-opt weight_decay=0.01|--clip 0|--lr-decay 0.5|--lr-decay-every 2 ; m v",
    })
    void everyOptimizerTrainsAndSavesItsState(String name, String flags, String slots, @TempDir Path dir) {
        Path model = dir.resolve("model.vrnn");
        Run r = run(train(model, "--optimizer " + name + "|" + flags));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("; " + name + " lr "), r.out());
        boolean decays = flags.contains("--lr-decay");
        assertEquals(decays, r.out().contains("learning rate x"), r.out());

        Checkpoint cp = Checkpoint.read(model);
        assertEquals(name, cp.optimizer);
        assertEquals(3, cp.optimizerState.steps());
        TreeSet<String> kinds = new TreeSet<>();
        cp.optimizerState.arrays().keySet().forEach(k -> kinds.add(k.substring(k.lastIndexOf('/') + 1)));
        TreeSet<String> expected = new TreeSet<>(slots == null ? List.of() : List.of(slots.split(" ")));
        assertEquals(expected, kinds, "state slots");
        // every parameter has each slot
        assertEquals(expected.size() * cp.model.params().size(), cp.optimizerState.arrays().size());
        if (decays) {
            assertTrue(cp.settings.lrDecay() != null && cp.settings.lrDecay() < 1, cp.settings.toString());
        } else {
            assertEquals(null, cp.settings.lrDecay(), "a constant rate");
        }
    }
}
