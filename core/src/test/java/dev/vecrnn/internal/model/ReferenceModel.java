package dev.vecrnn.internal.model;

/**
 * The documented equations of every cell, written out again in double precision one stream and
 * one step at a time, reading the parameters by name. Independent of {@link ModelRun} and the
 * kernels, so that tests can check that the fast code computes what docs/MODELS.md says.
 */
final class ReferenceModel {
    private final LanguageModel model;
    private final int vocab;
    private final int hidden;
    private final String cell;

    ReferenceModel(LanguageModel model) {
        this.model = model;
        this.vocab = model.spec().vocab();
        this.hidden = model.spec().hidden();
        this.cell = model.spec().cell().toString();
    }

    /**
     * The summed loss of a chunk (inputs/targets step-major, row t*B + b) from the carried
     * state, which is not changed. {@code masks[l]} (may be null) multiplies the output of layer l
     * before layer l+1 reads it, row t*B + b.
     */
    double loss(int[] inputs, int[] targets, int steps, int batch, float[][] state, float[][] masks) {
        int layers = model.spec().layers();
        int h = hidden;
        double total = 0;
        for (int b = 0; b < batch; b++) {
            double[][] hs = new double[layers][h];
            double[][] cs = new double[layers][h];
            for (int l = 0; l < layers; l++) {
                int per = model.stateSize(l);
                for (int j = 0; j < h; j++) {
                    hs[l][j] = state[l][b * per + j];
                    if (cell.equals("lstm")) {
                        cs[l][j] = state[l][b * per + h + j];
                    }
                }
            }
            for (int t = 0; t < steps; t++) {
                int row = t * batch + b;
                double[] below = null;
                for (int l = 0; l < layers; l++) {
                    double[] a = inputProjection(l, inputs[row], below);
                    step(l, a, hs[l], cs[l]);
                    below = hs[l].clone();
                    if (masks != null && l < layers - 1 && masks[l] != null) {
                        for (int j = 0; j < h; j++) {
                            below[j] *= masks[l][row * h + j];
                        }
                    }
                }
                total += crossEntropy(hs[layers - 1], targets[row]);
            }
        }
        return total;
    }

    /**
     * x W_x^T + b for layer l: for layer 0 a row of the token table, or the token's word vector
     * times the input matrix; a product with the layer below for the rest.
     */
    private double[] inputProjection(int l, int token, double[] below) {
        Param in = model.param("layer" + l + ".input");
        Param bias = model.param("layer" + l + ".bias");
        Param embedding = model.param("embedding");
        if (l == 0 && embedding != null) {
            int e = embedding.cols();
            below = new double[e];
            for (int j = 0; j < e; j++) {
                below[j] = embedding.w()[token * e + j];
            }
        }
        int g = bias.cols();
        double[] a = new double[g];
        for (int i = 0; i < g; i++) {
            double s = bias.w()[i];
            if (l == 0 && embedding == null) {
                s += in.w()[token * g + i];
            } else {
                for (int j = 0; j < below.length; j++) {
                    s += in.w()[i * below.length + j] * below[j];
                }
            }
            a[i] = s;
        }
        return a;
    }

    /** Row i of W times v. */
    private static double rowDot(Param w, int i, double[] v) {
        double s = 0;
        for (int j = 0; j < v.length; j++) {
            s += w.w()[i * w.cols() + j] * v[j];
        }
        return s;
    }

    private void step(int l, double[] a, double[] hState, double[] cState) {
        Param whh = model.param("layer" + l + ".recurrent");
        int h = hidden;
        double[] hPrev = hState.clone();
        switch (cell) {
            case "rnn":
                for (int i = 0; i < h; i++) {
                    hState[i] = Math.tanh(a[i] + rowDot(whh, i, hPrev));
                }
                break;
            case "lstm":
                for (int i = 0; i < h; i++) {
                    double gi = sigmoid(a[i] + rowDot(whh, i, hPrev));
                    double gf = sigmoid(a[h + i] + rowDot(whh, h + i, hPrev));
                    double go = sigmoid(a[2 * h + i] + rowDot(whh, 2 * h + i, hPrev));
                    double gg = Math.tanh(a[3 * h + i] + rowDot(whh, 3 * h + i, hPrev));
                    cState[i] = gf * cState[i] + gi * gg;
                    hState[i] = go * Math.tanh(cState[i]);
                }
                break;
            case "gru": {
                Param bhn = model.param("layer" + l + ".recurrent.bias");
                for (int i = 0; i < h; i++) {
                    double r = sigmoid(a[i] + rowDot(whh, i, hPrev));
                    double z = sigmoid(a[h + i] + rowDot(whh, h + i, hPrev));
                    double n = Math.tanh(a[2 * h + i] + r * (rowDot(whh, 2 * h + i, hPrev) + bhn.w()[i]));
                    hState[i] = (1 - z) * n + z * hPrev[i];
                }
                break;
            }
            default:
                throw new AssertionError(cell);
        }
    }

    /** -log p(target) of the full or adaptive softmax (docs/MODELS.md), tied weights read from the word vectors. */
    private double crossEntropy(double[] top, int target) {
        ModelSpec spec = model.spec();
        Param table = model.param("embedding");
        if (!spec.adaptive()) {
            Param w = spec.tieWeights() ? table : model.param("output.weight");
            Param bias = model.param("output.bias");
            double[] y = new double[vocab];
            for (int v = 0; v < vocab; v++) {
                y[v] = bias.w()[v] + rowDot(w, v, top);
            }
            return logSumExp(y) - y[target];
        }
        int[] cutoffs = spec.cutoffs();
        int shortlist = cutoffs[0];
        Param w = spec.tieWeights() ? table : model.param("output.shortlist");
        Param clusters = model.param("output.clusters");
        double[] head = new double[shortlist + cutoffs.length];
        for (int v = 0; v < shortlist; v++) {
            head[v] = rowDot(w, v, top);
        }
        for (int i = 0; i < cutoffs.length; i++) {
            head[shortlist + i] = rowDot(clusters, i, top);
        }
        double headNorm = logSumExp(head);
        if (target < shortlist) {
            return headNorm - head[target];
        }
        int i = cutoffs.length - 1;
        while (target < cutoffs[i]) {
            i--;
        }
        Param proj = model.param("output.tail" + i + ".projection");
        Param out = model.param("output.tail" + i + ".weight");
        double[] p = new double[proj.rows()];
        for (int j = 0; j < p.length; j++) {
            p[j] = rowDot(proj, j, top);
        }
        double[] u = new double[out.rows()];
        for (int j = 0; j < u.length; j++) {
            u[j] = rowDot(out, j, p);
        }
        return headNorm - head[shortlist + i] + logSumExp(u) - u[target - cutoffs[i]];
    }

    private static double logSumExp(double[] y) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : y) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) + max;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
