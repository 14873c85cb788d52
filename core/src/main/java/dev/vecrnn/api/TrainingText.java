package dev.vecrnn.api;

import dev.vecrnn.internal.text.TextReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The text a model trains on: a file (read in the run's {@code encoding}, strictly: a byte that
 * is not text in it is an error, never a silent replacement), a string, a list of tokens already
 * split, or the small corpus built into vecrnn (300 Tang poems). Nothing is read until a run
 * needs it. A resumed run checks that its text is the one it started with (by SHA-256).
 */
public final class TrainingText {
    private static final String BUILT_IN_RESOURCE = "corpus/tang300.txt";
    /** How the built-in corpus is named in output and in model files. */
    public static final String BUILT_IN_NAME = "built-in corpus: 唐詩三百首 (300 Tang poems, chinese-poetry, MIT licence)";

    private final String name;
    private final Path file;
    private final String text;
    private final List<String> tokens;
    private final boolean builtIn;

    private TrainingText(String name, Path file, String text, List<String> tokens, boolean builtIn) {
        this.name = name;
        this.file = file;
        this.text = text;
        this.tokens = tokens;
        this.builtIn = builtIn;
    }

    /** A text file, decoded with the run's {@code encoding} setting. */
    public static TrainingText file(Path file) {
        return new TrainingText(Objects.requireNonNull(file, "file").toString(), file, null, null, false);
    }

    /** A string; {@code name} says what it is in messages and in the model file. */
    public static TrainingText of(String text, String name) {
        return new TrainingText(Objects.requireNonNull(name, "name"), null, Objects.requireNonNull(text, "text"), null, false);
    }

    /**
     * Tokens already split (the run's tokenizer then only joins them back into text, for samples);
     * {@code name} says what they are in messages and in the model file.
     */
    public static TrainingText tokens(List<String> tokens, String name) {
        return new TrainingText(Objects.requireNonNull(name, "name"), null, null, List.copyOf(tokens), false);
    }

    /** The corpus built into vecrnn: 唐詩三百首, 300 Tang poems (UTF-8, from the MIT-licensed chinese-poetry). */
    public static TrainingText builtIn() {
        return new TrainingText(BUILT_IN_NAME, null, null, null, true);
    }

    /** What the text is called in messages: the file name, the name given, or the built-in corpus's. */
    public String name() {
        return name;
    }

    /** The file, or null for a string, tokens or the built-in corpus. */
    public Path file() {
        return file;
    }

    /** Whether this is the corpus built into vecrnn. */
    public boolean isBuiltIn() {
        return builtIn;
    }

    /** Whether this is a list of tokens already split. */
    public boolean isTokens() {
        return tokens != null;
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- reading, for the run --------------------------------------------------------------

    /** The text's content: its bytes and what they decode to (or its tokens). */
    record Content(byte[] bytes, Charset charset, String text, List<String> tokens, String sha256) {
    }

    /** Reads the text; a file in {@code encoding}. Empty or blank text is an error. */
    Content read(String encoding) {
        if (tokens != null) {
            if (tokens.isEmpty()) {
                throw new VecrnnException(name + " has no tokens; give some to train on");
            }
            byte[] joined = String.join("\n", tokens).getBytes(StandardCharsets.UTF_8);
            return new Content(joined, StandardCharsets.UTF_8, null, tokens, sha256(joined));
        }
        byte[] bytes;
        Charset cs;
        if (file != null) {
            cs = TextReader.charset(encoding);
            bytes = TextReader.readBytes(file);
        } else if (builtIn) {
            cs = StandardCharsets.UTF_8;
            bytes = builtInBytes();
        } else {
            cs = StandardCharsets.UTF_8;
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        String decoded = bytes.length == 0 ? "" : TextReader.decode(bytes, cs, name);
        String give = file != null ? "give a text file to train on" : "give some text to train on";
        if (decoded.isEmpty()) {
            throw new VecrnnException(name + " is empty; " + give);
        }
        if (decoded.isBlank()) {
            throw new VecrnnException(name + " holds only whitespace; " + give);
        }
        return new Content(bytes, cs, decoded, null, sha256(bytes));
    }

    private static byte[] builtInBytes() {
        try (InputStream in = TrainingText.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in corpus " + BUILT_IN_RESOURCE + " is missing from the JAR");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in corpus", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The first 12 hex digits, enough to tell two texts apart in a message. */
    static String shortSha(String sha) {
        return sha == null ? "none" : sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }
}
