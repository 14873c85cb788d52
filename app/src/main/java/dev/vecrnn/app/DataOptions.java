package dev.vecrnn.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the training text comes from and how it becomes tokens. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE", description = "Text to train on (default: the built-in corpus).")
    Path data;

    @Option(names = "--tokenizer", paramLabel = "NAME", defaultValue = "char",
            description = "Tokenizer plugin (default: ${DEFAULT-VALUE}).")
    String tokenizer;

    @Option(names = "--tokenizer-opt", paramLabel = "KEY=VALUE", description = "Option for the tokenizer (repeatable).")
    List<String> tokenizerOpts = new ArrayList<>();

    @Option(names = "--min-count", paramLabel = "N", defaultValue = "1",
            description = "Pieces seen fewer times become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "0",
            description = "Keep at most N pieces, the rest become <unk>; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxVocab;
}
