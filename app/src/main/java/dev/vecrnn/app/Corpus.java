package dev.vecrnn.app;

import dev.vecrnn.internal.text.TextReader;
import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The training text: a user's file, or the small corpus bundled in the JAR. */
record Corpus(String name, byte[] bytes, Charset charset) {

    static final String DEFAULT_RESOURCE = "corpus/tang300.txt";
    static final String DEFAULT_NAME = "built-in corpus: 唐詩三百首 (300 Tang poems, chinese-poetry, MIT licence)";

    static Corpus of(Path file, String encoding) {
        Charset cs = TextReader.charset(encoding);
        return new Corpus(file.toString(), TextReader.readBytes(file), cs);
    }

    static Corpus builtIn() {
        try (InputStream in = Corpus.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in corpus " + DEFAULT_RESOURCE + " is missing from the JAR");
            }
            return new Corpus(DEFAULT_NAME, in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in corpus", e);
        }
    }

    /** The decoded text; an empty file (or one with only a byte-order mark) or blank text is an error. */
    String text() {
        String text = bytes.length == 0 ? "" : TextReader.decode(bytes, charset, name);
        if (text.isEmpty()) {
            throw new VecrnnException(name + " is empty; give a text file to train on");
        }
        if (text.isBlank()) {
            throw new VecrnnException(name + " holds only whitespace; give a text file to train on");
        }
        return text;
    }
}
