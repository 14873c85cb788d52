package dev.vecrnn.tokenizers;

import dev.vecrnn.testing.SharedCorpora;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;

/** The shared test corpora as text ({@link SharedCorpora} finds them, or skips the test, or fails it on CI). */
final class Corpora {
    private Corpora() {
    }

    static String read(String name, String charset) {
        try {
            return new String(Files.readAllBytes(SharedCorpora.require(name)), Charset.forName(charset));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
