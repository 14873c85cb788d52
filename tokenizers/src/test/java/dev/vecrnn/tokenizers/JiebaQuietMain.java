package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Run in a fresh JVM by {@link JiebaTokenizerTest#loadingPrintsNothing}: prints the pieces of its argument and nothing else. */
public final class JiebaQuietMain {
    private JiebaQuietMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(String.join("|", new JiebaTokenizerProvider().create(Options.empty("tokenizer", "jieba")).split(args[0])));
    }
}
