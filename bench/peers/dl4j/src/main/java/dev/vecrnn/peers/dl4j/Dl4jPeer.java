package dev.vecrnn.peers.dl4j;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The DL4J peer of the performance report: the same language model through DL4J's
 * {@link MultiLayerNetwork}: the input (--input) either a one-hot feature vector of size V into the
 * first layer's own input weights, as char-rnn feeds it ({@code onehot}, the default), or for a
 * word vocabulary an EmbeddingSequenceLayer of width H in front of the first layer
 * ({@code embedding}: one extra H x G product per token, instead of a dense V-wide one-hot
 * product); then a SimpleRnn (tanh) or LSTM stack, an RnnOutputLayer (softmax, cross-entropy),
 * truncated BPTT of the chunk length, every gradient element clipped to [-5, 5], Adagrad or Adam.
 * The token ids are the ones vecrnn trains on (written by dev.vecrnn.bench.data.TokenIds).
 *
 * <p>One {@code fit} gets {@code chunks} chunks of each of the B streams (cut from the ids as
 * B contiguous parts) and makes one update per chunk, carrying the state between them as
 * training does. After {@code warmup} such fits it times {@code fits} more and prints one JSON
 * line. Threads: ND4J's native code reads OMP_NUM_THREADS, so the caller sets it.
 *
 * <p>usage: Dl4jPeer --ids FILE [--cell rnn|lstm] [--input onehot|embedding] [--hidden H] [--layers L] [--seq T] [--batch B]
 * [--opt adagrad|adam] [--lr LR] [--chunks K] [--fits N] [--warmup N] [--max-seconds S] [--label S]
 * (--max-seconds: stop timing after the fit that passes S seconds)
 */
public final class Dl4jPeer {

    public static void main(String[] args) throws IOException {
        String ids = null, cell = "rnn", opt = "adagrad", label = "", input = "onehot";
        int hidden = 100, layers = 1, seq = 25, batch = 1, chunks = 10, fits = 10, warmup = 2;
        double lr = 0.1;
        double maxSeconds = 0;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--ids": ids = v; break;
                case "--cell": cell = v; break;
                case "--input": input = v; break;
                case "--hidden": hidden = Integer.parseInt(v); break;
                case "--layers": layers = Integer.parseInt(v); break;
                case "--seq": seq = Integer.parseInt(v); break;
                case "--batch": batch = Integer.parseInt(v); break;
                case "--opt": opt = v; break;
                case "--lr": lr = Double.parseDouble(v); break;
                case "--chunks": chunks = Integer.parseInt(v); break;
                case "--fits": fits = Integer.parseInt(v); break;
                case "--warmup": warmup = Integer.parseInt(v); break;
                case "--label": label = v; break;
                case "--max-seconds": maxSeconds = Double.parseDouble(v); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (ids == null) {
            throw new IllegalArgumentException("--ids FILE is required (written by dev.vecrnn.bench.data.TokenIds)");
        }
        if (!input.equals("onehot") && !input.equals("embedding")) {
            throw new IllegalArgumentException("--input must be onehot or embedding, not " + input);
        }
        boolean oneHot = input.equals("onehot");
        int[] header = new int[2];
        int[] data = readIds(Path.of(ids), header);
        int vocab = header[0];

        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        MultiLayerNetwork net = new MultiLayerNetwork(config(cell, oneHot, vocab, hidden, layers, seq, opt, lr));
        net.init();

        int length = seq * chunks;
        int part = data.length / batch;
        int sets = Math.max(1, (part - 1) / length);
        DataSet[] sequences = new DataSet[Math.min(sets, 4)];
        for (int s = 0; s < sequences.length; s++) {
            sequences[s] = sequence(data, part, s * length, length, batch, vocab, oneHot);
        }
        long t0 = 0;
        int timed = 0;
        for (int f = 0; f < warmup + fits; f++) {
            if (f == warmup) {
                t0 = System.nanoTime();
            } else if (f > warmup && maxSeconds > 0 && (System.nanoTime() - t0) / 1e9 > maxSeconds) {
                break;
            }
            net.fit(sequences[f % sequences.length]);
            if (f >= warmup) {
                timed++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long tokens = (long) timed * length * batch;
        double score = net.score();
        System.out.println(String.format(Locale.ROOT,
                "{\"peer\": \"dl4j\", \"label\": \"%s\", \"cell\": \"%s\", \"input\": \"%s\", \"params\": %d, "
                        + "\"vocab\": %d, \"hidden\": %d, \"layers\": %d, "
                        + "\"seq\": %d, \"batch\": %d, \"opt\": \"%s\", \"lr\": %s, \"iters\": %d, \"seconds\": %.4f, "
                        + "\"tokens_per_s\": %.2f, \"score\": %.4f, \"dl4j\": \"1.0.0-M2.1\", \"backend\": \"%s\", "
                        + "\"omp_num_threads\": \"%s\", \"openblas_coretype\": \"%s\", \"java\": \"%s\"}",
                label, cell, input, net.numParams(), vocab, hidden, layers, seq, batch, opt, lr, timed * chunks, seconds, tokens / seconds, score,
                Nd4j.getBackend().getClass().getSimpleName(), env("OMP_NUM_THREADS"), env("OPENBLAS_CORETYPE"),
                System.getProperty("java.version")));
        System.exit(0); // ND4J leaves non-daemon threads behind
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    static MultiLayerConfiguration config(String cell, boolean oneHot, int vocab, int hidden, int layers, int seq,
                                          String opt, double lr) {
        IUpdater updater = "adam".equals(opt) ? new Adam(lr) : new AdaGrad(lr);
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(0)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(5)
                .list();
        if (!oneHot) {
            b.layer(new EmbeddingSequenceLayer.Builder().nIn(vocab).nOut(hidden)
                    .outputDataFormat(RNNFormat.NCW).build());
        }
        for (int l = 0; l < layers; l++) {
            int in = l == 0 && oneHot ? vocab : hidden;
            if ("lstm".equals(cell)) {
                b.layer(new LSTM.Builder().nIn(in).nOut(hidden).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NCW).build());
            } else {
                b.layer(new SimpleRnn.Builder().nIn(in).nOut(hidden).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NCW).build());
            }
        }
        b.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(hidden).nOut(vocab).dataFormat(RNNFormat.NCW).build());
        return b.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(seq).build();
    }

    /**
     * Features, either one-hot [B, V, length] or token ids [B, 1, length] for the embedding, and
     * one-hot labels [B, V, length] of the next tokens.
     */
    static DataSet sequence(int[] data, int part, int start, int length, int batch, int vocab, boolean oneHot) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, batch, oneHot ? vocab : 1, length);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, vocab, length);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int at = b * part + start + t;
                if (oneHot) {
                    features.putScalar(new int[] {b, data[at], t}, 1f);
                } else {
                    features.putScalar(new int[] {b, 0, t}, data[at]);
                }
                labels.putScalar(new int[] {b, data[at + 1], t}, 1f);
            }
        }
        return new DataSet(features, labels);
    }

    /** Ids written by TokenIds: int32 LE vocabulary size, count, then the ids. */
    static int[] readIds(Path file, int[] header) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        header[0] = buf.getInt();
        header[1] = buf.getInt();
        int[] ids = new int[header[1]];
        buf.asIntBuffer().get(ids);
        return ids;
    }
}
