package dev.vecrnn.tokenizers;

import com.huaban.analysis.jieba.viterbi.FinalSeg;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The data jieba segments with, loaded once per JVM from the jieba-analysis JAR: the word
 * frequencies of its {@code dict.txt} (with every prefix of a word present at frequency 0, as in
 * Python jieba, so that the word graph can stop as soon as no word continues) and its HMM for
 * words the dictionary does not know.
 */
final class JiebaDictionary {
    private static final String DICT = "/dict.txt";
    private static JiebaDictionary instance;

    private final Map<String, Integer> freq;
    final double logTotal;
    final FinalSeg hmm;

    private JiebaDictionary(Map<String, Integer> freq, long total, FinalSeg hmm) {
        this.freq = freq;
        this.logTotal = Math.log(total);
        this.hmm = hmm;
    }

    /** The shared dictionary, loaded on first use (about a second). */
    static synchronized JiebaDictionary get() {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    /** The frequency of {@code s}: positive for a word, 0 for a word's prefix, -1 for neither. */
    int freq(String s) {
        Integer f = freq.get(s);
        return f == null ? -1 : f;
    }

    private static JiebaDictionary load() {
        Map<String, Integer> freq = new HashMap<>(1 << 20);
        long total = 0;
        try (InputStream in = FinalSeg.class.getResourceAsStream(DICT)) {
            if (in == null) {
                throw new IllegalStateException("jieba's " + DICT + " is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                line = line.strip();
                int a = line.indexOf(' ');
                if (a <= 0) {
                    continue;
                }
                int b = line.indexOf(' ', a + 1);
                String word = line.substring(0, a);
                int f = Integer.parseInt(line.substring(a + 1, b < 0 ? line.length() : b));
                freq.put(word, f);
                total += f;
                for (int i = 1; i < word.length(); i++) {
                    freq.putIfAbsent(word.substring(0, i), 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jieba's " + DICT, e);
        }
        return new JiebaDictionary(freq, total, quietHmm());
    }

    /**
     * jieba-analysis prints a timing line to stdout when it loads its HMM (and its failures to
     * stderr); that would end up in the middle of the command's output. The streams are swapped
     * for the moment of loading (nothing else prints then: this runs before training starts),
     * and a failure becomes an exception with what jieba said.
     */
    private static FinalSeg quietHmm() {
        synchronized (System.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            PrintStream sink = new PrintStream(said, true, StandardCharsets.UTF_8);
            System.setOut(sink);
            System.setErr(sink);
            FinalSeg hmm;
            try {
                hmm = FinalSeg.getInstance();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            String text = said.toString(StandardCharsets.UTF_8);
            if (text.contains("failure")) {
                throw new IllegalStateException("jieba's HMM could not be loaded: " + text.strip().replace('\n', ' '));
            }
            return hmm;
        }
    }
}
