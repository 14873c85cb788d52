package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** One piece per Unicode code point: an emoji or a CJK extension character is one piece, never half a surrogate pair. */
public final class CharTokenizer implements Tokenizer {

    @Override
    public List<String> split(String text) {
        List<String> out = new ArrayList<>(text.length());
        // every occurrence of a character is the same String: building and applying the
        // vocabulary then hashes each character once (a String caches its hash), not once per
        // occurrence, and a million-character text makes a few hundred Strings, not a million
        String[] bmp = new String[Character.MAX_VALUE + 1];
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                int n = Character.charCount(text.codePointAt(i));
                out.add(text.substring(i, i + n));
                i += n;
            } else {
                String s = bmp[c];
                if (s == null) {
                    s = String.valueOf(c);
                    bmp[c] = s;
                }
                out.add(s);
                i++;
            }
        }
        return out;
    }

    @Override
    public String join(List<String> pieces) {
        return String.join("", pieces);
    }
}
