package dev.vecrnn.app;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of the training text's bytes, kept in the model file so that a resume on other text is refused. */
final class DataFingerprint {
    private DataFingerprint() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The first 12 hex digits, enough to tell two files apart in a message. */
    static String shortForm(String sha) {
        return sha == null ? "none" : sha.length() > 12 ? sha.substring(0, 12) + "..." : sha;
    }
}
