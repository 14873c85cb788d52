package dev.vecrnn.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the command line in this JVM and keeps what it printed. */
final class Cli {
    private Cli() {
    }

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().collect(Collectors.toList());
        }

        /** Exit 2, one line on stderr that starts "vecrnn: ", no stack trace. */
        String userError() {
            assertEquals(Main.USER_ERROR, code, () -> "exit code; stderr: " + err + " stdout: " + out);
            List<String> lines = errLines();
            assertEquals(1, lines.size(), () -> "one line on stderr, not: " + err);
            assertTrue(lines.get(0).startsWith("vecrnn: "), lines.get(0));
            assertFalse(err.contains("Exception") || err.contains("\tat "), err);
            return lines.get(0);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The names of the files in {@code dir}, sorted. */
    static List<String> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options that make a training run take well under a second. */
    static final String[] TINY = {"--hidden", "8", "--seq-length", "8", "--sample-every", "0", "--threads", "1"};

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
