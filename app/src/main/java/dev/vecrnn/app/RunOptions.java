package dev.vecrnn.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Resuming, validation, checkpoints and the report of a training run. */
final class RunOptions {

    @Option(names = "--resume", paramLabel = "FILE",
            description = "Continue the run saved in FILE (by default writing back to it); --iterations counts the whole run. "
                    + "Sizes, tokenizer, vocabulary settings, --seq-length, --batch-size, --val-fraction, optimizer and --seed "
                    + "are the model's: giving them differently is an error.")
    Path resume;

    @Option(names = "--val-fraction", paramLabel = "F",
            description = "Hold out the last F of the tokens to measure validation loss; 0 = train on everything "
                    + "(default: 0.05, or 0 when the text is too short).")
    Double valFraction;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "Measure the validation loss every N iterations and at the end; 0 = only at the end (default: a multiple of "
                    + "500 long enough for training to read twice the validation tokens in between).")
    Integer evalEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1000",
            description = "Write the model file every N iterations; 0 = only at the end or when interrupted (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Keep a report in DIR as training goes: loss.png (training and validation loss) and index.html. "
                    + "DIR must be new, empty or an earlier report's (unless --force).")
    Path report;

    @Option(names = "--force",
            description = "Let --out (and its .best file) replace a file that is not a vecrnn model, and --report write into "
                    + "a folder of other files. Files the run reads are never written over.")
    boolean force;
}
