package dev.vecrnn.api;

import dev.vecrnn.internal.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Loading a model file is the API's front door: a file from a stranger may be anything. 10,000
 * seeded, reproducible mutations and truncations of valid model files (an rnn, a two-layer LSTM
 * with Adam's state and a validation history, a GRU with <unk> and settings of every kind): each
 * either loads (a mutation can leave a valid file, e.g. a changed weight) or is refused with
 * {@link VecrnnException} and a one-line message; none escapes as another exception, none takes
 * over a second, and none allocates more than the file's size justifies.
 *
 * <p>Most mutations repair the header's body length and the checksum afterwards, so that they
 * get past the envelope and reach the parser, the sizes and the properties; the rest are raw (bit
 * flips, truncations), which the envelope alone must catch.
 */
class ModelFileFuzzTest {
    static final int CASES = 10_000;
    static final long SEED = 20261201L;
    /** Header: magic, version, body length. */
    private static final int PREFIX = 8 + 4 + 8;

    @TempDir
    static Path dir;
    private static final List<byte[]> BASES = new ArrayList<>();

    @BeforeAll
    static void validModels() throws Exception {
        String text = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n".repeat(12);
        TrainSettings rnn = TrainSettings.builder().hidden(12).seqLength(10).iterations(6).sampleEvery(0).build();
        TrainSettings lstm = TrainSettings.builder().cell(CellType.LSTM).hidden(10).layers(2).dropout(0.1f).seqLength(8)
                .batchSize(3).optimizer("adam").iterations(9).evalEvery(3).valFraction(0.1).sampleEvery(0).build();
        TrainSettings gru = TrainSettings.builder().cell(CellType.GRU).hidden(9).tokenizer("word").maxVocab(12).seqLength(6)
                .iterations(5).clipNorm(1.0).lrDecay(0.9).lrDecayEvery("2").sampleEvery(0).optimizer("rmsprop").build();
        int i = 0;
        for (TrainSettings s : List.of(rnn, lstm, gru)) {
            Path out = dir.resolve("base" + i++ + ".vrnn");
            try (Training t = Training.newRun(s).text(TrainingText.of(text, "hamlet")).output(out).threads(1).build()) {
                t.run();
            }
            BASES.add(Files.readAllBytes(out));
            Model.load(out); // and warm up what a load needs, so the first measured case is not charged for it
        }
    }

    @Test
    void strangeFilesAreRefusedWithTheDocumentedExceptionQuicklyAndWithoutLargeAllocations() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom r = new SplittableRandom(SEED);
        Path f = dir.resolve("case.vrnn");
        int refused = 0;
        int loaded = 0;
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (int c = 0; c < CASES; c++) {
            byte[] base = BASES.get(c % BASES.size());
            Mutation m = mutate(base, r);
            Files.write(f, m.bytes);
            String what = "case " + c + " (" + m.kind + ", " + m.bytes.length + " bytes)";
            long alloc = threads.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            try {
                Model.load(f);
                loaded++;
            } catch (VecrnnException e) {
                refused++;
                assertFalse(e.getMessage().contains("\n"), what + ": one line: " + e.getMessage());
            } catch (Throwable t) {
                fail(what + ": escaped as " + t, t);
            }
            long nanos = System.nanoTime() - t0;
            long allocated = threads.getCurrentThreadAllocatedBytes() - alloc;
            assertTrue(nanos < 1_000_000_000L, what + " took " + nanos / 1e6 + " ms");
            // a valid load holds the file's arrays, the model's weights and gradients and the optimizer state:
            // a few times the file, and some room for the vocabulary, the tokenizer and buffers
            long budget = 8L * m.bytes.length + (4 << 20);
            assertTrue(allocated <= budget, what + " allocated " + allocated + " bytes, budget " + budget);
            byKind.merge(m.kind, 1, Integer::sum);
        }
        assertEquals(CASES, refused + loaded);
        assertTrue(refused > CASES * 0.6, "most mutations break a file: " + refused + " refused, " + loaded + " loaded");
        assertTrue(byKind.size() >= 8, "every kind of mutation ran: " + byKind);
    }

    /** A mutated file and what was done to it. */
    private record Mutation(String kind, byte[] bytes) {
    }

    private static final int[] INTERESTING = {0, 1, -1, 2, 255, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 24, 1 << 30};
    private static final String[] VALUES = {"", "0", "-1", "1", "2", "NaN", "Infinity", "-0.0", "1e309", "99999999999",
        "2147483647", "65536", "x", "rnn", "lstm", "gru", "transformer", "value 5.0", "norm -1", "1ep", "0it", "UTF-8", "klingon",
        "char", "adam", "nadam", "true", "0.5", "3:1.5 x", "10:2.0", "\u0000", "é"};

    static Mutation mutate(byte[] base, SplittableRandom r) throws Exception {
        switch (r.nextInt(10)) {
            case 0: { // raw truncation
                return new Mutation("truncated", Arrays.copyOf(base, r.nextInt(base.length)));
            }
            case 1: { // raw bit flips: the checksum must catch them
                byte[] b = base.clone();
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return new Mutation("bit flips", b);
            }
            case 2: { // bit flips in the body, envelope repaired
                byte[] b = base.clone();
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    int at = PREFIX + r.nextInt(b.length - PREFIX - 4);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return new Mutation("bit flips, repaired", repair(b));
            }
            case 3: { // a size or count overwritten with a value that tests bounds
                byte[] b = base.clone();
                int at = PREFIX + r.nextInt(b.length - PREFIX - 8);
                ByteBuffer.wrap(b).putInt(at, INTERESTING[r.nextInt(INTERESTING.length)]);
                return new Mutation("int overwritten, repaired", repair(b));
            }
            case 4: { // truncated body, envelope repaired
                byte[] b = Arrays.copyOf(base, PREFIX + r.nextInt(base.length - PREFIX));
                return new Mutation("truncated, repaired", repair(Arrays.copyOf(b, b.length + 4)));
            }
            case 5: { // bytes inserted or removed in the body, envelope repaired
                int at = PREFIX + r.nextInt(base.length - PREFIX - 4);
                int n = 1 + r.nextInt(16);
                byte[] b;
                if (r.nextBoolean()) {
                    b = new byte[base.length + n];
                    System.arraycopy(base, 0, b, 0, at);
                    for (int i = 0; i < n; i++) {
                        b[at + i] = (byte) r.nextInt(256);
                    }
                    System.arraycopy(base, at, b, at + n, base.length - at);
                } else {
                    n = Math.min(n, base.length - 4 - at);
                    b = new byte[base.length - n];
                    System.arraycopy(base, 0, b, 0, at);
                    System.arraycopy(base, at + n, b, at, base.length - at - n);
                }
                return new Mutation("bytes inserted or removed, repaired", repair(b));
            }
            case 6: { // a property given a strange value
                ModelFile.Contents c = contents(base);
                List<String> keys = new ArrayList<>(c.properties().keySet());
                c.properties().put(keys.get(r.nextInt(keys.size())), VALUES[r.nextInt(VALUES.length)]);
                return new Mutation("property value", write(c));
            }
            case 7: { // a property or an array removed, or a stray one added
                ModelFile.Contents c = contents(base);
                int what = r.nextInt(3);
                if (what == 0) {
                    List<String> keys = new ArrayList<>(c.properties().keySet());
                    c.properties().remove(keys.get(r.nextInt(keys.size())));
                } else if (what == 1) {
                    List<String> names = new ArrayList<>(c.arrays().keySet());
                    c.arrays().remove(names.get(r.nextInt(names.size())));
                } else {
                    c.properties().put("state.rng." + r.nextInt(3), VALUES[r.nextInt(VALUES.length)]);
                    c.arrays().put("optimizer/nothing/" + r.nextInt(3), new ModelFile.Array(1, 2, new float[2]));
                }
                return new Mutation("entry removed or added", write(c));
            }
            case 8: { // an array reshaped (same data, other rows and columns) or resized
                ModelFile.Contents c = contents(base);
                List<String> names = new ArrayList<>(c.arrays().keySet());
                String name = names.get(r.nextInt(names.size()));
                ModelFile.Array a = c.arrays().get(name);
                int n = a.data().length;
                ModelFile.Array changed = r.nextBoolean() && n > 1
                        ? new ModelFile.Array(1, n, a.data())
                        : new ModelFile.Array(a.rows() + 1, a.cols(), Arrays.copyOf(a.data(), n + a.cols()));
                c.arrays().put(name, changed);
                return new Mutation("array reshaped", write(c));
            }
            default: { // the vocabulary changed: a piece repeated, removed or added
                ModelFile.Contents c = contents(base);
                List<String> v = new ArrayList<>(c.vocabulary());
                int what = r.nextInt(3);
                if (what == 0) {
                    v.set(r.nextInt(v.size()), v.get(r.nextInt(v.size())));
                } else if (what == 1) {
                    v.remove(r.nextInt(v.size()));
                } else {
                    v.add("new" + r.nextInt(100));
                }
                return new Mutation("vocabulary changed", write(new ModelFile.Contents(c.properties(), v, c.arrays())));
            }
        }
    }

    /** Sets the header's body length and the checksum to fit {@code b}. */
    private static byte[] repair(byte[] b) {
        if (b.length < PREFIX + 4) {
            return b;
        }
        ByteBuffer.wrap(b).putLong(12, b.length - PREFIX - 4L);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private static ModelFile.Contents contents(byte[] base) throws Exception {
        Path p = dir.resolve("parse.vrnn");
        Files.write(p, base);
        ModelFile.Contents c = ModelFile.read(p);
        return new ModelFile.Contents(new LinkedHashMap<>(c.properties()), new ArrayList<>(c.vocabulary()),
                new LinkedHashMap<>(c.arrays()));
    }

    private static byte[] write(ModelFile.Contents c) throws Exception {
        Path p = dir.resolve("write.vrnn");
        ModelFile.write(p, c);
        return Files.readAllBytes(p);
    }
}
