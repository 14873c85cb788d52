package dev.vecrnn.tokenizers;

import com.huaban.analysis.jieba.viterbi.FinalSeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The data jieba segments with, loaded once per JVM from the jieba-analysis JAR: the words and
 * frequencies of its {@code dict.txt} in a character trie (so that the word graph is walked one
 * character at a time and stops as soon as no word continues, without making strings), and its
 * HMM for words the dictionary does not know.
 */
final class JiebaDictionary {
    private static final String DICT = "/dict.txt";
    static final int ROOT = 0;
    private static JiebaDictionary instance;

    /** Trie edges in an open-addressing table: key (parent node, char), value child node. */
    private long[] keys;
    private int[] children;
    private int edges;
    /** Per node: the word's frequency, or 0 for a node that is only a prefix. */
    private int[] freq = new int[1 << 16];
    private int nodes = 1;
    private long total;

    double logTotal;
    FinalSeg hmm;

    private JiebaDictionary() {
        keys = new long[1 << 21];
        Arrays.fill(keys, -1);
        children = new int[keys.length];
    }

    /** The shared dictionary, loaded on first use (well under a second). */
    static synchronized JiebaDictionary get() {
        if (instance == null) {
            JiebaDictionary d = new JiebaDictionary();
            d.load();
            d.hmm = quietHmm();
            instance = d;
        }
        return instance;
    }

    /** The node reached from {@code node} by {@code c}, or -1 when no word continues that way. */
    int child(int node, char c) {
        long key = ((long) node << 16) | c;
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return children[i];
            }
            if (k == -1) {
                return -1;
            }
        }
    }

    /** The frequency of the word ending at {@code node}; 0 if it is only the start of longer words. */
    int freq(int node) {
        return freq[node];
    }

    /** The frequency of {@code word}, 0 if it is not a word. */
    int freq(String word) {
        int node = ROOT;
        for (int i = 0; i < word.length() && node >= 0; i++) {
            node = child(node, word.charAt(i));
        }
        return node < 0 ? 0 : freq[node];
    }

    private void load() {
        String text;
        try (InputStream in = FinalSeg.class.getResourceAsStream(DICT)) {
            if (in == null) {
                throw new IllegalStateException("jieba's " + DICT + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jieba's " + DICT, e);
        }
        // each line: word, space, frequency, optionally space and part of speech
        int n = text.length();
        int i = 0;
        while (i < n) {
            int eol = text.indexOf('\n', i);
            int end = eol < 0 ? n : eol;
            int sp = text.indexOf(' ', i);
            if (sp > i && sp < end) {
                int f = 0;
                for (int j = sp + 1; j < end && text.charAt(j) >= '0' && text.charAt(j) <= '9'; j++) {
                    f = f * 10 + (text.charAt(j) - '0');
                }
                int node = ROOT;
                for (int j = i; j < sp; j++) {
                    node = childOrNew(node, text.charAt(j));
                }
                freq[node] = f;
                total += f;
            }
            i = end + 1;
        }
        logTotal = Math.log(total);
    }

    private int childOrNew(int node, char c) {
        long key = ((long) node << 16) | c;
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; keys[i] != -1; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return children[i];
            }
        }
        if (nodes == freq.length) {
            freq = Arrays.copyOf(freq, nodes * 2);
        }
        keys[i] = key;
        children[i] = nodes;
        if (++edges * 2 > keys.length) {
            rehash();
        }
        return nodes++;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        children = new int[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != -1) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != -1) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                children[i] = oldChildren[j];
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
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
