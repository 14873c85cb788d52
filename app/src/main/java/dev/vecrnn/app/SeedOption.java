package dev.vecrnn.app;

import picocli.CommandLine.Option;

/** {@code --seed}: the same seed gives the same result. */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed: the same seed gives the same result (train: 0; sample: a random one).")
    Long seed;
}
