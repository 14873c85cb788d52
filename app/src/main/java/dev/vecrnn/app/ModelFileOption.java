package dev.vecrnn.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model FILE}: the model file a command reads. */
final class ModelFileOption {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "Model file written by train.")
    Path file;
}
