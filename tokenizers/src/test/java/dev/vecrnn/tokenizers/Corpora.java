package dev.vecrnn.tokenizers;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test corpora in {@code ../shared/data} beside the repository, or a skipped test. */
final class Corpora {
    private Corpora() {
    }

    static Path find(String name) {
        String env = System.getenv("VECRNN_DATA");
        if (env != null && Files.isRegularFile(Path.of(env, name))) {
            return Path.of(env, name);
        }
        if (Files.isRegularFile(Path.of("/work/shared/data", name))) {
            return Path.of("/work/shared/data", name);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("data").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        Assumptions.abort("corpus " + name + " not found in a shared/data folder above " + Path.of("").toAbsolutePath());
        return null;
    }

    static String read(String name, String charset) {
        try {
            return new String(Files.readAllBytes(find(name)), Charset.forName(charset));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
