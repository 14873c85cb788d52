package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chinese words as Python jieba 0.42.1 cuts them with {@code jieba.cut(text, cut_all=False)},
 * using the dictionary and HMM of {@code com.huaban:jieba-analysis}.
 *
 * <p>jieba-analysis's own {@code sentenceProcess} differs from Python in ways that change the
 * pieces (runs of punctuation and whitespace kept together, dictionary words kept whole where
 * Python splits them into characters, a different score for unknown characters), so the word
 * graph and route are computed here as Python does: the text is cut into blocks of Han
 * characters, ASCII letters, digits and {@code +#&._%-}; every other character is a piece of its
 * own ({@code \r\n} stays one piece); each block is cut along the most probable path through its
 * dictionary words, and runs of single characters the dictionary does not know as a word go to
 * the HMM. Every piece is a substring of the text, so joining the pieces gives the text back.
 */
public final class JiebaTokenizer implements Tokenizer {
    /** finalseg's split of non-Chinese runs into Latin words and numbers. */
    private static final Pattern LATIN = Pattern.compile("[a-zA-Z0-9]+(?:\\.[0-9]+)?%?");
    /** Characters per task when a long text is cut on several cores. */
    private static final int CHUNK = 1 << 17;

    private final boolean hmm;
    /** Loaded on the first split, so that a command fails fast on its other arguments. */
    private volatile JiebaDictionary dict;

    public JiebaTokenizer(boolean hmm) {
        this.hmm = hmm;
    }

    @Override
    public List<String> split(String text) {
        if (dict == null) {
            dict = JiebaDictionary.get();
        }
        if (text.length() < 2 * CHUNK) {
            List<String> out = new ArrayList<>(text.length() * 3 / 4 + 1);
            split(text, 0, text.length(), out);
            return out;
        }
        // No piece spans a line end, so lines can be cut on all cores and the results put
        // one after the other: the same pieces as in one go.
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', Math.min(text.length(), start + CHUNK));
            int end = nl < 0 ? text.length() : nl + 1;
            ranges.add(new int[] {start, end});
            start = end;
        }
        List<List<String>> parts = ranges.parallelStream().map(r -> {
            List<String> out = new ArrayList<>((r[1] - r[0]) * 3 / 4 + 1);
            split(text, r[0], r[1], out);
            return out;
        }).collect(Collectors.toList());
        List<String> out = new ArrayList<>(parts.stream().mapToInt(List::size).sum());
        parts.forEach(out::addAll);
        return out;
    }

    private void split(String text, int from, int to, List<String> out) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (inBlock(c)) {
                int j = i + 1;
                while (j < to && inBlock(text.charAt(j))) {
                    j++;
                }
                cutBlock(text.substring(i, j), out);
                i = j;
            } else if (c == '\r' && i + 1 < to && text.charAt(i + 1) == '\n') {
                out.add("\r\n");
                i += 2;
            } else {
                int len = Character.charCount(text.codePointAt(i));
                out.add(text.substring(i, i + len));
                i += len;
            }
        }
    }

    @Override
    public String join(List<String> pieces) {
        return String.join("", pieces);
    }

    /** Python jieba's {@code re_han_default}: {@code [\u4E00-\u9FD5a-zA-Z0-9+#&._%-]}. */
    static boolean inBlock(char c) {
        return (c >= '\u4E00' && c <= '\u9FD5') || isAsciiAlnum(c)
                || c == '+' || c == '#' || c == '&' || c == '.' || c == '_' || c == '%' || c == '-';
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHan(char c) {
        return c >= '\u4E00' && c <= '\u9FD5';
    }

    /** Cuts one block along its most probable route ({@code __cut_DAG} / {@code __cut_DAG_NO_HMM}). */
    private void cutBlock(String block, List<String> out) {
        int[] end = route(block);
        int n = block.length();
        StringBuilder buf = new StringBuilder();
        int x = 0;
        while (x < n) {
            int y = end[x] + 1;
            if (hmm) {
                if (y - x == 1) {
                    buf.append(block.charAt(x));
                } else {
                    flushSingles(buf, out);
                    out.add(block.substring(x, y));
                }
            } else if (y - x == 1 && isAsciiAlnum(block.charAt(x))) {
                buf.append(block.charAt(x));
            } else {
                if (buf.length() > 0) {
                    out.add(buf.toString());
                    buf.setLength(0);
                }
                out.add(block.substring(x, y));
            }
            x = y;
        }
        if (hmm) {
            flushSingles(buf, out);
        } else if (buf.length() > 0) {
            out.add(buf.toString());
        }
    }

    /**
     * For each position, the last index of the word that starts the most probable path to the
     * end of the block (Python's {@code calc}: log frequencies, an unknown character counting as
     * frequency 1, ties going to the longer word).
     */
    private int[] route(String block) {
        int n = block.length();
        double[] score = new double[n + 1];
        int[] end = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            double best = Double.NEGATIVE_INFINITY;
            int bestEnd = k;
            int node = JiebaDictionary.ROOT;
            for (int i = k; i < n; i++) {
                node = dict.child(node, block.charAt(i));
                if (node < 0) {
                    break;
                }
                int f = dict.freq(node);
                if (f > 0) {
                    double s = Math.log(f) - dict.logTotal + score[i + 1];
                    if (s >= best) {
                        best = s;
                        bestEnd = i;
                    }
                }
            }
            if (best == Double.NEGATIVE_INFINITY) {
                best = -dict.logTotal + score[k + 1];
            }
            score[k] = best;
            end[k] = bestEnd;
        }
        return end;
    }

    /** A run of single-character steps: one piece, its characters when it is a word, else the HMM's cut. */
    private void flushSingles(StringBuilder buf, List<String> out) {
        if (buf.length() == 0) {
            return;
        }
        String s = buf.toString();
        buf.setLength(0);
        if (s.length() == 1) {
            out.add(s);
        } else if (dict.freq(s) > 0) {
            for (int i = 0; i < s.length(); i++) {
                out.add(s.substring(i, i + 1));
            }
        } else {
            hmmCut(s, out);
        }
    }

    /** Python's {@code finalseg.cut}: Viterbi over runs of Han characters, Latin words and numbers whole. */
    private void hmmCut(String s, List<String> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int j = i + 1;
            boolean han = isHan(s.charAt(i));
            while (j < n && isHan(s.charAt(j)) == han) {
                j++;
            }
            String run = s.substring(i, j);
            if (han) {
                dict.hmm.viterbi(run, out);
            } else {
                Matcher m = LATIN.matcher(run);
                int at = 0;
                while (m.find()) {
                    if (m.start() > at) {
                        out.add(run.substring(at, m.start()));
                    }
                    out.add(m.group());
                    at = m.end();
                }
                if (at < run.length()) {
                    out.add(run.substring(at));
                }
            }
            i = j;
        }
    }
}
