package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Words for space-separated scripts: a piece is a word (letters, digits and marks, with an
 * apostrophe between letters as in {@code don't}, or a point or comma between digits as in
 * {@code 3.14}), a run of whitespace, or a single punctuation mark or symbol. Scripts written
 * without spaces (Chinese, Japanese kana, Thai ...) give one piece per character; use
 * {@code jieba} for Chinese words. Combining marks, variation selectors, emoji modifiers and
 * zero-width-joiner sequences stay with the character before them. The rules depend on nothing
 * but the code points' Unicode categories, so a model file splits the same way on every JDK.
 */
public final class WordTokenizer implements Tokenizer {

    @Override
    public List<String> split(String text) {
        List<String> out = new ArrayList<>(text.length() / 3 + 1);
        int n = text.length();
        int i = 0;
        while (i < n) {
            int cp = text.codePointAt(i);
            int end;
            if (isSpace(cp)) {
                end = i + Character.charCount(cp);
                while (end < n && isSpace(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
            } else if (isWordChar(cp) && !isUnspaced(cp)) {
                end = wordEnd(text, i);
            } else {
                end = attached(text, i + Character.charCount(cp));
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    @Override
    public String join(List<String> pieces) {
        return String.join("", pieces);
    }

    private static int wordEnd(String text, int start) {
        int n = text.length();
        int prev = text.codePointAt(start);
        int i = start + Character.charCount(prev);
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp) && !isUnspaced(cp)) {
                prev = isMark(cp) ? prev : cp;
                i += Character.charCount(cp);
            } else if (i + Character.charCount(cp) < n && joins(prev, cp, text.codePointAt(i + Character.charCount(cp)))) {
                i += Character.charCount(cp);
            } else {
                break;
            }
        }
        return attached(text, i);
    }

    /** {@code don't}, {@code o'er}, {@code 3.14}, {@code 1,000}: a joiner with the right kind on both sides. */
    private static boolean joins(int before, int joiner, int after) {
        if (joiner == '\'' || joiner == '\u2019') {
            return Character.isLetter(before) && Character.isLetter(after) && !isUnspaced(after);
        }
        if (joiner == '.' || joiner == ',') {
            return Character.isDigit(before) && Character.isDigit(after);
        }
        return false;
    }

    /** The end of whatever stays with the character before {@code i}: marks, selectors, modifiers, ZWJ sequences. */
    private static int attached(String text, int i) {
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (isMark(cp) || isEmojiModifier(cp)) {
                i += len;
            } else if (cp == 0x200D && i + len < n) {
                i += len + Character.charCount(text.codePointAt(i + len));
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp) || isMark(cp)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER || t == Character.CONNECTOR_PUNCTUATION;
    }

    private static boolean isMark(int cp) {
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    private static boolean isEmojiModifier(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    /** Scripts written without spaces between words: every character is a piece of its own. */
    private static boolean isUnspaced(int cp) {
        if (cp < 0x0E00) {
            return false;
        }
        switch (Character.UnicodeScript.of(cp)) {
            case HAN:
            case HIRAGANA:
            case KATAKANA:
            case BOPOMOFO:
            case THAI:
            case LAO:
            case KHMER:
            case MYANMAR:
                return true;
            default:
                return false;
        }
    }
}
