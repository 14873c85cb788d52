package dev.vecrnn.app;

import dev.vecrnn.testing.ChildJvm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the command line in this JVM and keeps what it printed. */
final class Cli {
    final int exit;
    final String out;
    final String err;

    private Cli(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = Main.execute(args, po, pe);
        }
        return new Cli(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    int code() {
        return exit;
    }

    String out() {
        return out;
    }

    String err() {
        return err;
    }

    List<String> errLines() {
        return err.lines().collect(Collectors.toList());
    }

    /** Asserts exit 2, one line on stderr that starts "vecrnn: ", no stack trace; returns the line. */
    String userError() {
        assertEquals(Main.USER_ERROR, exit, () -> "exit code; stderr: " + err + " stdout: " + out);
        List<String> lines = errLines();
        assertEquals(1, lines.size(), () -> "one line on stderr, not: " + err);
        assertTrue(lines.get(0).startsWith("vecrnn: "), lines.get(0));
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        return lines.get(0);
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

    /** Runs {@code vecrnn args...} in a child JVM with the same kernel choice as this one. */
    static ChildJvm child(Path dir, List<String> jvmArgs, String... args) throws IOException {
        List<String> jvm = new ArrayList<>(jvmArgs);
        String kernels = System.getProperty("vecrnn.kernels");
        if (kernels != null) {
            jvm.add("-Dvecrnn.kernels=" + kernels);
        }
        return ChildJvm.start(dir, jvm, Main.class.getName(), List.of(args));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
}
