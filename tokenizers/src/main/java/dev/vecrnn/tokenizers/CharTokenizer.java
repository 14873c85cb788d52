package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/** One piece per Unicode code point: an emoji or a CJK extension character is one piece, never half a surrogate pair. */
public final class CharTokenizer implements Tokenizer {

    @Override
    public List<String> split(String text) {
        List<String> out = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            int n = Character.charCount(text.codePointAt(i));
            out.add(text.substring(i, i + n));
            i += n;
        }
        return out;
    }

    @Override
    public String join(List<String> pieces) {
        return String.join("", pieces);
    }
}
