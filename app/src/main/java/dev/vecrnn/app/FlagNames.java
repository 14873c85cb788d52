package dev.vecrnn.app;

import java.util.Map;

/**
 * The command line's name for each setting the API's messages name: {@code seqLength} is
 * {@code --seq-length}. Most are the setting's name in kebab case; the rest are listed.
 */
final class FlagNames {
    private static final Map<String, String> SPECIAL = Map.of(
            "cell", "--model",
            "learningRate", "--lr",
            "tokenizerOptions", "--tokenizer-opt",
            "optimizerOptions", "--optimizer-opt");

    private FlagNames() {
    }

    /** The flag of setting {@code name}. */
    static String of(String name) {
        String special = SPECIAL.get(name);
        if (special != null) {
            return special;
        }
        StringBuilder sb = new StringBuilder("--");
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
