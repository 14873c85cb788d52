package dev.vecrnn.api;

import dev.vecrnn.internal.model.Softmax;
import dev.vecrnn.internal.train.LearningRateSchedule.Period;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything that decides what a training run computes, as one value: the model's shape, how the
 * text becomes tokens, the chunks, the optimizer and its schedule, clipping, sampling and
 * validation. {@link #builder()} starts from the command line's defaults (the seed's run: a
 * vanilla RNN of 100 units, 25 steps, Adagrad 0.1); {@link #toBuilder()} changes a few settings of
 * another value, such as the ones a model file was trained with.
 *
 * <p>A setting's name in messages is its component's name ({@code seqLength}). A few are
 * optional and null means "chosen for you": {@code forgetBias} (1 for an LSTM),
 * {@code learningRate} (the optimizer's default), {@code lrDecayEvery} (one epoch),
 * {@code lrDecayAfter} (0), {@code clip} (5, unless {@code clipNorm} is given),
 * {@code valFraction} (5 %, or none when the text is too short to hold any out) and
 * {@code evalEvery} (often enough for training to read twice the validation tokens between
 * validations). The run fills them in, and the model file keeps the values it used.
 *
 * <p>Invalid values are refused when the value is built, with a {@link VecrnnException} naming
 * the setting. The settings that decide the model, its tokens, its data stream or its optimizer
 * cannot change when a run is resumed ({@link #FIXED_ON_RESUME}); the others can.
 *
 * @param cell             the recurrent cell
 * @param hidden           units per layer
 * @param layers           stacked layers
 * @param dropout          fraction of each layer's output dropped before the next layer reads it (training only; needs 2 layers)
 * @param forgetBias       initial bias of the LSTM forget gate, null for the default; LSTM only
 * @param embedding        width of a learned vector per token read by the first layer; 0 = none (the
 *                         first layer's input weights are a table with a row per token, the seed's model)
 * @param softmax          the output layer: "full" (one softmax over the vocabulary) or "adaptive"
 *                         (Grave et al. 2017: exact, much cheaper for large vocabularies)
 * @param cutoffs          the adaptive softmax's cluster boundaries in the frequency-ordered vocabulary
 *                         (null: chosen from the vocabulary's size, 2000,10000 for 45,000 words)
 * @param divValue         each adaptive tail cluster's projection is this many times narrower than the one before
 * @param tieWeights       the output layer shares the word vectors (needs {@code embedding == hidden})
 * @param encoding         charset of the training text (a Java charset name)
 * @param tokenizer        tokenizer plugin name
 * @param tokenizerOptions the tokenizer's options
 * @param minCount         pieces seen fewer times become {@code <unk>}
 * @param maxVocab         keep at most this many pieces (0 = all)
 * @param seqLength        steps of backpropagation through time per chunk
 * @param batchSize        independent streams trained together
 * @param iterations       iterations of the whole run, counting those of a resumed file
 * @param seed             random seed of the weights, the samples and the dropout masks
 * @param optimizer        optimizer plugin name
 * @param optimizerOptions the optimizer's options
 * @param learningRate     learning rate, null for the optimizer's default
 * @param lrDecay          multiply the rate by this every {@code lrDecayEvery} (null: constant rate)
 * @param lrDecayEvery     iterations ({@code "2000"}) or epochs ({@code "1ep"}) between decays
 * @param lrDecayAfter     decay only from this many iterations or epochs on
 * @param clip             clip every gradient element to [-clip, clip]; 0 = no clipping
 * @param clipNorm         instead of {@code clip}: scale all gradients to a global L2 norm of at most this
 * @param sampleEvery      sample every this many iterations; 0 = never
 * @param sampleLength     tokens per sample
 * @param valFraction      the last fraction of the tokens held out for validation (0 = none)
 * @param evalEvery        validate every this many iterations and at the end; 0 = only at the end
 * @param checkpointEvery  write the model file every this many iterations; 0 = only at the end
 */
public record TrainSettings(
        CellType cell, int hidden, int layers, float dropout, Float forgetBias,
        int embedding, String softmax, List<Integer> cutoffs, float divValue, boolean tieWeights,
        String encoding, String tokenizer, Map<String, String> tokenizerOptions, int minCount, int maxVocab,
        int seqLength, int batchSize, long iterations, long seed,
        String optimizer, Map<String, String> optimizerOptions, Double learningRate,
        Double lrDecay, String lrDecayEvery, String lrDecayAfter, Double clip, Double clipNorm,
        int sampleEvery, int sampleLength, Double valFraction, Integer evalEvery, int checkpointEvery) {

    /** The settings a resumed run must keep: they decide the model, its tokens, its data stream or its optimizer. */
    public static final Set<String> FIXED_ON_RESUME = Set.of("cell", "hidden", "layers", "dropout", "forgetBias",
            "embedding", "softmax", "cutoffs", "divValue", "tieWeights", "encoding", "tokenizer", "tokenizerOptions", "minCount", "maxVocab", "seqLength", "batchSize", "seed",
            "optimizer", "optimizerOptions", "valFraction");

    /** The LSTM forget-gate bias when {@code forgetBias} is null. */
    public static final float DEFAULT_FORGET_BIAS = 1f;
    /** The element-wise clipping limit when neither {@code clip} nor {@code clipNorm} is given: the seed's. */
    public static final double DEFAULT_CLIP = 5;
    /** The adaptive softmax's {@code divValue} unless given: PyTorch's. */
    public static final float DEFAULT_DIV_VALUE = 4f;
    /** The held-out fraction when {@code valFraction} is null. */
    public static final double DEFAULT_VAL_FRACTION = 0.05;

    public TrainSettings {
        Objects.requireNonNull(cell, "cell");
        encoding = Objects.requireNonNull(encoding, "encoding").trim();
        tokenizer = Objects.requireNonNull(tokenizer, "tokenizer").trim();
        optimizer = Objects.requireNonNull(optimizer, "optimizer").trim();
        tokenizerOptions = Map.copyOf(new TreeMap<>(Objects.requireNonNull(tokenizerOptions, "tokenizerOptions")));
        optimizerOptions = Map.copyOf(new TreeMap<>(Objects.requireNonNull(optimizerOptions, "optimizerOptions")));
        atLeast("hidden", hidden, 1);
        atLeast("layers", layers, 1);
        if (!(dropout >= 0f && dropout < 1f)) {
            throw VecrnnException.about("{dropout} must be in [0, 1), not " + dropout, "dropout");
        }
        if (dropout > 0f && layers < 2) {
            throw VecrnnException.about("{dropout} acts between layers, so it needs {layers} 2 or more (or {dropout} 0)",
                    "dropout", "layers");
        }
        if (forgetBias != null) {
            if (cell != CellType.LSTM) {
                throw VecrnnException.about("{forgetBias} is for the lstm cell only", "forgetBias");
            }
            if (!Float.isFinite(forgetBias)) {
                throw VecrnnException.about("{forgetBias} must be a finite number, not " + forgetBias, "forgetBias");
            }
        }
        if (embedding < 0) {
            throw VecrnnException.about("{embedding} must be 0 (no word vectors) or a width of at least 1, not " + embedding,
                    "embedding");
        }
        softmax = Softmax.of(Objects.requireNonNull(softmax, "softmax")).toString();
        boolean adaptive = softmax.equals(Softmax.ADAPTIVE.toString());
        if (cutoffs != null) {
            cutoffs = List.copyOf(cutoffs);
            if (!adaptive) {
                throw VecrnnException.about("{cutoffs} apply only to {softmax} adaptive; remove them or use {softmax} adaptive",
                        "cutoffs", "softmax");
            }
            for (int i = 0; i < cutoffs.size(); i++) {
                if (cutoffs.get(i) < 1 || i > 0 && cutoffs.get(i) <= cutoffs.get(i - 1)) {
                    throw VecrnnException.about("{cutoffs} must be strictly increasing positive numbers, not " + cutoffs,
                            "cutoffs");
                }
            }
        }
        if (!(divValue > 0f) || Float.isInfinite(divValue)) {
            throw VecrnnException.about("{divValue} must be a positive number, not " + divValue, "divValue");
        }
        if (!adaptive && divValue != DEFAULT_DIV_VALUE) {
            throw VecrnnException.about("{divValue} applies only to {softmax} adaptive; remove it or use {softmax} adaptive",
                    "divValue", "softmax");
        }
        if (tieWeights && embedding != hidden) {
            throw VecrnnException.about("{tieWeights} makes the output layer share the word vectors, so it needs {embedding} "
                    + "equal to {hidden} (" + hidden + "), not " + embedding, "tieWeights", "embedding", "hidden");
        }
        checkEncoding(encoding);
        if (tokenizer.isEmpty()) {
            throw VecrnnException.about("{tokenizer} is empty; name a tokenizer such as char or jieba", "tokenizer");
        }
        atLeast("minCount", minCount, 1);
        if (maxVocab < 0 || maxVocab == 1) {
            throw VecrnnException.about("{maxVocab} must be 0 (no limit) or at least 2, not " + maxVocab, "maxVocab");
        }
        atLeast("seqLength", seqLength, 1);
        atLeast("batchSize", batchSize, 1);
        if (iterations < 1) {
            throw VecrnnException.about("{iterations} must be at least 1, not " + iterations, "iterations");
        }
        if (optimizer.isEmpty()) {
            throw VecrnnException.about("{optimizer} is empty; name an optimizer such as adagrad or adam", "optimizer");
        }
        if (learningRate != null && (!(learningRate > 0) || learningRate.isInfinite())) {
            throw VecrnnException.about("{learningRate} must be a positive number, not " + learningRate, "learningRate");
        }
        if (lrDecay == null) {
            if (lrDecayEvery != null || lrDecayAfter != null) {
                String which = lrDecayEvery != null ? "lrDecayEvery" : "lrDecayAfter";
                throw VecrnnException.about("{" + which + "} needs {lrDecay} F, the factor to multiply the learning rate by"
                        + " (e.g. {lrDecay} 0.97)", which, "lrDecay");
            }
        } else if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw VecrnnException.about("{lrDecay} must be a factor in (0, 1], not " + lrDecay + " (0.97 lowers the rate by 3%)",
                    "lrDecay");
        }
        lrDecayEvery = period(lrDecayEvery, "lrDecayEvery", false);
        lrDecayAfter = period(lrDecayAfter, "lrDecayAfter", true);
        if (clip != null && clipNorm != null) {
            throw VecrnnException.about("give either {clip} or {clipNorm}, not both", "clip", "clipNorm");
        }
        if (clip != null && (!(clip >= 0) || clip.isInfinite())) {
            throw VecrnnException.about("{clip} must be a positive number, not " + clip + " (use {clip} 0 for no clipping)", "clip");
        }
        if (clipNorm != null && (!(clipNorm > 0) || clipNorm.isInfinite())) {
            throw VecrnnException.about("{clipNorm} must be a positive number, not " + clipNorm, "clipNorm");
        }
        if (sampleEvery < 0) {
            throw VecrnnException.about("{sampleEvery} must be 0 (never) or positive, not " + sampleEvery, "sampleEvery");
        }
        if (sampleLength < 0) {
            throw VecrnnException.about("{sampleLength} must not be negative, not " + sampleLength, "sampleLength");
        }
        if (valFraction != null && !(valFraction >= 0 && valFraction < 1)) {
            throw VecrnnException.about("{valFraction} must be at least 0 and below 1, not " + valFraction, "valFraction");
        }
        if (evalEvery != null && evalEvery < 0) {
            throw VecrnnException.about("{evalEvery} must be 0 (only at the end) or positive, not " + evalEvery, "evalEvery");
        }
        if (checkpointEvery < 0) {
            throw VecrnnException.about("{checkpointEvery} must be 0 (only at the end) or positive, not " + checkpointEvery,
                    "checkpointEvery");
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw VecrnnException.about("{" + name + "} must be at least " + min + ", not " + value, name);
        }
    }

    /** A period of the schedule in its canonical form ({@code 500it}, {@code 2ep}), or null. */
    private static String period(String text, String name, boolean zeroOk) {
        if (text == null) {
            return null;
        }
        Period p = Period.parse(text, name);
        if (p.count() == 0 && !zeroOk) {
            throw VecrnnException.about("{" + name + "} must be at least 1 iteration or epoch, not " + text, name);
        }
        return p.toString();
    }

    private static void checkEncoding(String name) {
        try {
            Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw VecrnnException.about("unknown encoding '" + name
                    + "'; use a Java charset name such as UTF-8, GBK, GB18030, Big5, UTF-16 or ISO-8859-1", "encoding");
        }
    }

    /** The command line's defaults: the seed's run. */
    public static TrainSettings defaults() {
        return builder().build();
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The clipping limit per element, or 0 when clipping is off or by global norm. */
    public double clipValue() {
        return clipNorm != null ? 0 : clip != null ? clip : DEFAULT_CLIP;
    }

    /** Whether the output layer is the adaptive softmax. */
    public boolean adaptiveSoftmax() {
        return softmax.equals(Softmax.ADAPTIVE.toString());
    }

    /** The LSTM forget-gate bias to start from. */
    public float forgetBiasOrDefault() {
        return forgetBias != null ? forgetBias : DEFAULT_FORGET_BIAS;
    }

    /** Builds {@link TrainSettings}; every setter names its setting. */
    public static final class Builder {
        private CellType cell = CellType.RNN;
        private int hidden = 100;
        private int layers = 1;
        private float dropout;
        private Float forgetBias;
        private int embedding;
        private String softmax = "full";
        private List<Integer> cutoffs;
        private float divValue = DEFAULT_DIV_VALUE;
        private boolean tieWeights;
        private String encoding = "UTF-8";
        private String tokenizer = "char";
        private Map<String, String> tokenizerOptions = Map.of();
        private int minCount = 1;
        private int maxVocab;
        private int seqLength = 25;
        private int batchSize = 1;
        private long iterations = 5000;
        private long seed;
        private String optimizer = "adagrad";
        private Map<String, String> optimizerOptions = Map.of();
        private Double learningRate;
        private Double lrDecay;
        private String lrDecayEvery;
        private String lrDecayAfter;
        private Double clip;
        private Double clipNorm;
        private int sampleEvery = 100;
        private int sampleLength = 200;
        private Double valFraction;
        private Integer evalEvery;
        private int checkpointEvery = 1000;

        Builder() {
        }

        Builder(TrainSettings s) {
            cell = s.cell;
            hidden = s.hidden;
            layers = s.layers;
            dropout = s.dropout;
            forgetBias = s.forgetBias;
            embedding = s.embedding;
            softmax = s.softmax;
            cutoffs = s.cutoffs;
            divValue = s.divValue;
            tieWeights = s.tieWeights;
            encoding = s.encoding;
            tokenizer = s.tokenizer;
            tokenizerOptions = s.tokenizerOptions;
            minCount = s.minCount;
            maxVocab = s.maxVocab;
            seqLength = s.seqLength;
            batchSize = s.batchSize;
            iterations = s.iterations;
            seed = s.seed;
            optimizer = s.optimizer;
            optimizerOptions = s.optimizerOptions;
            learningRate = s.learningRate;
            lrDecay = s.lrDecay;
            lrDecayEvery = s.lrDecayEvery;
            lrDecayAfter = s.lrDecayAfter;
            clip = s.clip;
            clipNorm = s.clipNorm;
            sampleEvery = s.sampleEvery;
            sampleLength = s.sampleLength;
            valFraction = s.valFraction;
            evalEvery = s.evalEvery;
            checkpointEvery = s.checkpointEvery;
        }

        public Builder cell(CellType v) {
            cell = v;
            return this;
        }

        /** The cell by name: rnn, lstm or gru. */
        public Builder cell(String name) {
            cell = CellType.of(name);
            return this;
        }

        public Builder hidden(int v) {
            hidden = v;
            return this;
        }

        public Builder layers(int v) {
            layers = v;
            return this;
        }

        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        public Builder forgetBias(Float v) {
            forgetBias = v;
            return this;
        }

        public Builder embedding(int v) {
            embedding = v;
            return this;
        }

        /** "full" or "adaptive". */
        public Builder softmax(String v) {
            softmax = v;
            return this;
        }

        /** The adaptive softmax's cluster boundaries; null: chosen from the vocabulary's size. */
        public Builder cutoffs(List<Integer> v) {
            cutoffs = v;
            return this;
        }

        public Builder divValue(float v) {
            divValue = v;
            return this;
        }

        public Builder tieWeights(boolean v) {
            tieWeights = v;
            return this;
        }

        public Builder encoding(String v) {
            encoding = v;
            return this;
        }

        public Builder tokenizer(String v) {
            tokenizer = v;
            return this;
        }

        public Builder tokenizerOptions(Map<String, String> v) {
            tokenizerOptions = v;
            return this;
        }

        public Builder minCount(int v) {
            minCount = v;
            return this;
        }

        public Builder maxVocab(int v) {
            maxVocab = v;
            return this;
        }

        public Builder seqLength(int v) {
            seqLength = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder iterations(long v) {
            iterations = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder optimizerOptions(Map<String, String> v) {
            optimizerOptions = v;
            return this;
        }

        public Builder learningRate(Double v) {
            learningRate = v;
            return this;
        }

        public Builder lrDecay(Double v) {
            lrDecay = v;
            return this;
        }

        public Builder lrDecayEvery(String v) {
            lrDecayEvery = v;
            return this;
        }

        public Builder lrDecayAfter(String v) {
            lrDecayAfter = v;
            return this;
        }

        public Builder clip(Double v) {
            clip = v;
            return this;
        }

        public Builder clipNorm(Double v) {
            clipNorm = v;
            return this;
        }

        public Builder sampleEvery(int v) {
            sampleEvery = v;
            return this;
        }

        public Builder sampleLength(int v) {
            sampleLength = v;
            return this;
        }

        public Builder valFraction(Double v) {
            valFraction = v;
            return this;
        }

        public Builder evalEvery(Integer v) {
            evalEvery = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        /** The settings; a {@link VecrnnException} naming the setting if one is invalid. */
        public TrainSettings build() {
            return new TrainSettings(cell, hidden, layers, dropout, forgetBias, embedding, softmax, cutoffs, divValue,
                    tieWeights, encoding, tokenizer, tokenizerOptions,
                    minCount, maxVocab, seqLength, batchSize, iterations, seed, optimizer, optimizerOptions, learningRate,
                    lrDecay, lrDecayEvery, lrDecayAfter, clip, clipNorm, sampleEvery, sampleLength, valFraction, evalEvery,
                    checkpointEvery);
        }
    }
}
