package dev.vecrnn.app;

import picocli.CommandLine.Option;

/** {@code --encoding}: the charset of a text file. */
final class EncodingOption {
    @Option(names = "--encoding", paramLabel = "NAME",
            description = "Charset of the text: UTF-8, GBK, GB18030, Big5, UTF-16 ... (train: UTF-8; eval: that of the "
                    + "model's training text).")
    String name;
}
