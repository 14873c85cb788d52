package dev.vecrnn.bench.data;

import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.internal.text.TextReader;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the token ids vecrnn trains on, so that the performance report's peers (numpy, PyTorch,
 * DL4J) train on exactly the same stream: the text read with vecrnn's strict reader, cut by its
 * tokenizer plugin (e.g. {@code jieba}), encoded with the vocabulary {@code train} builds (same
 * {@code --min-count} and {@code --max-vocab}).
 *
 * <p>The file: int32 little-endian vocabulary size, int32 count, then the ids
 * ({@code bench/peers/ids.py} reads it). One JSON line on stdout says what was written.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.vecrnn.bench.data.TokenIds --data FILE [--encoding ENC]
 *     [--tokenizer NAME] [--tokenizer-opt KEY=VALUE]... [--min-count N] [--max-vocab N] --out FILE.ids
 * </pre>
 */
public final class TokenIds {

    /** The ids of a text and the vocabulary that maps them. */
    public record Export(Vocabulary vocabulary, int[] ids) {
    }

    private TokenIds() {
    }

    public static void main(String[] args) {
        Path data = null;
        Path out = null;
        String encoding = "UTF-8";
        String tokenizer = "char";
        List<String> tokenizerOpts = new ArrayList<>();
        int minCount = 1;
        int maxVocab = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--encoding" -> encoding = v;
                case "--tokenizer" -> tokenizer = v;
                case "--tokenizer-opt" -> tokenizerOpts.add(v);
                case "--min-count" -> minCount = Integer.parseInt(v);
                case "--max-vocab" -> maxVocab = Integer.parseInt(v);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (data == null || out == null) {
            usage("--data and --out are required");
        }
        long t0 = System.nanoTime();
        try {
            Export e = export(data, encoding, tokenizer, tokenizerOpts, minCount, maxVocab);
            write(out, e.vocabulary().size(), e.ids());
            System.out.printf(Locale.ROOT, "{\"corpus\": \"%s\", \"encoding\": \"%s\", \"tokenizer\": \"%s\", \"count\": %d, "
                            + "\"vocab\": %d, \"out\": \"%s\", \"seconds\": %.2f}%n", json(data.toString()), json(encoding),
                    json(tokenizer), e.ids().length, e.vocabulary().size(), json(out.toString()), (System.nanoTime() - t0) / 1e9);
        } catch (VecrnnException e) {
            System.err.println("TokenIds: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The text of {@code data} as vecrnn's {@code train} encodes it. */
    public static Export export(Path data, String encoding, String tokenizer, List<String> tokenizerOpts,
                                int minCount, int maxVocab) {
        String text = TextReader.decode(TextReader.readBytes(data), TextReader.charset(encoding), data.toString());
        TokenizerProvider tp = Registry.tokenizers().get(tokenizer);
        Options opts = Options.parse("tokenizer", tp.name(), tokenizerOpts);
        Tokenizer tok = tp.create(opts);
        opts.requireAllUsed();
        List<String> pieces = tok.split(text);
        Vocabulary vocab = Vocabulary.build(pieces, minCount, maxVocab);
        return new Export(vocab, vocab.encode(pieces, data.toString()));
    }

    /** Writes the ids file: vocabulary size, count, ids, as int32 little-endian. */
    public static void write(Path out, int vocab, int[] ids) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * ids.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(vocab).putInt(ids.length);
        buf.asIntBuffer().put(ids);
        try {
            Files.write(out, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
    }

    /** Reads an ids file: element 0 is the vocabulary size, the rest are the ids. */
    public static int[] read(Path file) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            int[] all = new int[1 + buf.getInt(4)];
            all[0] = buf.getInt(0);
            buf.position(8);
            buf.asIntBuffer().get(all, 1, all.length - 1);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void usage(String problem) {
        System.err.println("TokenIds: " + problem + "\nusage: TokenIds --data FILE [--encoding ENC] [--tokenizer NAME] "
                + "[--tokenizer-opt KEY=VALUE]... [--min-count N] [--max-vocab N] --out FILE.ids");
        System.exit(2);
    }
}
