package dev.vecrnn.internal.io;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.internal.model.Softmax;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.MemoryEstimate;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Memory;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.VecrnnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained model with everything needed to sample from it or to continue training it exactly,
 * and its mapping to and from a {@link ModelFile}. The keys are listed in docs/MODEL_FILE.md:
 * {@code model.*} (the {@link ModelSpec}; the word-level settings only when not the defaults), {@code tokenizer.name}, {@code tokenizer.opt.*},
 * {@code optimizer.name}, {@code optimizer.opt.*}, {@code optimizer.steps}, {@code state.*}
 * (the {@link TrainState}, with one {@code state.rng.<name>} per generator),
 * {@code history.*}, the run's {@link TrainSettings} ({@code settings.*}, see {@link SettingsCodec})
 * and facts about the training text ({@code data.*}) kept in {@link #data}. Arrays: the parameters by name, {@code optimizer/<param>/<slot>} and
 * {@code carried/<layer>} (streams x state size).
 */
public final class Checkpoint {
    static final String OPT_PREFIX = "optimizer/";
    static final String CARRIED_PREFIX = "carried/";
    static final String RNG_PREFIX = "state.rng.";
    /** Weights a model may claim beyond those the file holds before it is refused without being built. */
    private static final long MISMATCH_SLACK = 1 << 16;

    public final LanguageModel model;
    public final Vocabulary vocabulary;
    public final String tokenizer;
    public final Map<String, String> tokenizerOptions;
    public final String optimizer;
    public final Map<String, String> optimizerOptions;
    public final OptimizerState optimizerState;
    public final TrainState state;
    /**
     * The settings of the run; never null in a checkpoint that was read (files from before settings
     * were kept get theirs from what they hold), null in one built without them.
     */
    public final TrainSettings settings;
    /** Facts about the training text ({@code data.*}: name, path, encoding, SHA-256, token counts), kept as given. */
    public final Map<String, String> data;

    /** A checkpoint without training settings (tests, benchmarks). */
    public Checkpoint(LanguageModel model, Vocabulary vocabulary, String tokenizer, Map<String, String> tokenizerOptions,
                      String optimizer, Map<String, String> optimizerOptions, OptimizerState optimizerState,
                      TrainState state, Map<String, String> data) {
        this(model, vocabulary, tokenizer, tokenizerOptions, optimizer, optimizerOptions, optimizerState, state, null, data);
    }

    public Checkpoint(LanguageModel model, Vocabulary vocabulary, String tokenizer, Map<String, String> tokenizerOptions,
                      String optimizer, Map<String, String> optimizerOptions, OptimizerState optimizerState,
                      TrainState state, TrainSettings settings, Map<String, String> data) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.tokenizer = tokenizer;
        this.tokenizerOptions = Map.copyOf(tokenizerOptions);
        this.optimizer = optimizer;
        this.optimizerOptions = Map.copyOf(optimizerOptions);
        this.optimizerState = optimizerState;
        this.state = state;
        this.settings = settings;
        this.data = Map.copyOf(data);
        for (String k : data.keySet()) {
            if (!k.startsWith("data.")) {
                throw new IllegalArgumentException("data keys start with data.: " + k);
            }
        }
    }

    /**
     * Writes atomically: the previous file stays intact until the new one is complete. Refuses
     * weights or carried state that are not finite (a diverged run must not replace a good file).
     */
    public void write(Path file) {
        String bad = firstNonFinite();
        if (bad != null) {
            throw new VecrnnException("not writing " + file + ": " + bad + " holds NaN or infinite values (training diverged); "
                    + "the previous file is kept");
        }
        ModelFile.write(file, toContents());
    }

    /** Reads and checks a model file; every problem is a one-line {@link VecrnnException}. */
    public static Checkpoint read(Path file) {
        try {
            // the file's arrays, then the model's weights and gradients: at most three times the file
            if (Files.isRegularFile(file)) {
                Memory.require(3 * Files.size(file), "loading " + file);
            }
        } catch (IOException e) {
            throw new VecrnnException("cannot read model file " + file + ": " + e.getMessage());
        }
        return fromContents(ModelFile.read(file), "model file " + file);
    }

    /** The name of the first parameter or carried state that holds NaN or infinity, or null. */
    public String firstNonFinite() {
        for (Param p : model.params()) {
            if (!finite(p.w())) {
                return "parameter " + p.name();
            }
        }
        for (int l = 0; l < state.carried.length; l++) {
            if (!finite(state.carried[l])) {
                return "the carried state of layer " + l;
            }
        }
        return null;
    }

    private static boolean finite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    ModelFile.Contents toContents() {
        Map<String, String> p = new LinkedHashMap<>();
        ModelSpec s = model.spec();
        p.put("model.cell", s.cell().toString());
        p.put("model.vocab", Integer.toString(s.vocab()));
        p.put("model.hidden", Integer.toString(s.hidden()));
        p.put("model.layers", Integer.toString(s.layers()));
        p.put("model.dropout", Float.toString(s.dropout()));
        // the word-level settings only when they are not the defaults: a model without them
        // writes exactly the properties it wrote before they existed
        if (s.embedding() != 0) {
            p.put("model.embedding", Integer.toString(s.embedding()));
        }
        if (s.softmax() != Softmax.FULL) {
            p.put("model.softmax", s.softmax().toString());
        }
        if (s.cutoffs().length > 0) {
            p.put("model.cutoffs", ModelSpec.format(s.cutoffs()));
        }
        if (s.divValue() != ModelSpec.DEFAULT_DIV_VALUE) {
            p.put("model.divValue", Float.toString(s.divValue()));
        }
        if (s.tieWeights()) {
            p.put("model.tieWeights", "true");
        }
        p.put("tokenizer.name", tokenizer);
        new TreeMap<>(tokenizerOptions).forEach((k, v) -> p.put("tokenizer.opt." + k, v));
        p.put("optimizer.name", optimizer);
        new TreeMap<>(optimizerOptions).forEach((k, v) -> p.put("optimizer.opt." + k, v));
        p.put("optimizer.steps", Long.toString(optimizerState.steps()));
        p.put("state.iteration", Long.toString(state.iteration));
        p.put("state.smoothLoss", Double.toString(state.smoothLoss));
        p.put("state.position", Integer.toString(state.position));
        for (Map.Entry<String, Rng> e : state.rngs().entrySet()) {
            p.put(RNG_PREFIX + e.getKey(), Long.toString(e.getValue().state()));
        }
        if (state.lastValIteration >= 0) {
            p.put("state.valLoss", Double.toString(state.lastValLoss));
            p.put("state.valIteration", Long.toString(state.lastValIteration));
            p.put("state.bestValLoss", Double.toString(state.bestValLoss));
        }
        if (state.windowCount > 0) {
            p.put("state.windowLoss", Double.toString(state.windowLoss));
            p.put("state.windowCount", Integer.toString(state.windowCount));
        }
        p.put("history.train", state.history.trainText());
        p.put("history.val", state.history.validationText());
        if (settings != null) {
            p.putAll(SettingsCodec.write(settings));
        }
        new TreeMap<>(data).forEach(p::put);

        Map<String, ModelFile.Array> arrays = new LinkedHashMap<>();
        for (Param prm : model.params()) {
            arrays.put(prm.name(), new ModelFile.Array(prm.rows(), prm.cols(), prm.w()));
        }
        new TreeMap<>(optimizerState.arrays()).forEach((k, v) -> arrays.put(OPT_PREFIX + k, new ModelFile.Array(1, v.length, v)));
        for (int l = 0; l < state.carried.length; l++) {
            float[] c = state.carried[l];
            int per = model.stateSize(l);
            arrays.put(CARRIED_PREFIX + l, new ModelFile.Array(c.length / per, per, c));
        }
        return new ModelFile.Contents(p, vocabulary.pieces(), arrays);
    }

    static Checkpoint fromContents(ModelFile.Contents c, String what) {
        Fields f = new Fields(c.properties(), what);
        String cell = f.req("model.cell");
        int vocab = f.reqInt("model.vocab");
        int hidden = f.reqInt("model.hidden");
        int layers = f.reqInt("model.layers");
        float dropout = (float) f.optDouble("model.dropout", 0);
        int embedding = (int) f.optLong("model.embedding", 0);
        String softmax = f.opt("model.softmax", Softmax.FULL.toString());
        int[] cutoffs = f.optInts("model.cutoffs");
        float divValue = (float) f.optDouble("model.divValue", ModelSpec.DEFAULT_DIV_VALUE);
        boolean tie = f.optBoolean("model.tieWeights");
        ModelSpec spec;
        try {
            spec = new ModelSpec(CellType.of(cell), vocab, hidden, layers, dropout, embedding, Softmax.of(softmax), cutoffs,
                    divValue, tie);
        } catch (VecrnnException e) {
            if (e.getMessage().startsWith("unknown model")) {
                throw new VecrnnException(what + " holds a " + ModelFile.shown(cell) + " model, which this vecrnn does not know; "
                        + "use the vecrnn that wrote it or a newer one");
            }
            if (e.getMessage().startsWith("unknown softmax")) {
                throw new VecrnnException(what + " holds a model with a '" + softmax + "' softmax, which this vecrnn does not "
                        + "know; use the vecrnn that wrote it or a newer one");
            }
            throw new VecrnnException(what + " is corrupted: its model shape is invalid (" + e.getMessage() + ")");
        }
        if (c.vocabulary().size() != spec.vocab()) {
            throw new VecrnnException(what + " is inconsistent: " + c.vocabulary().size()
                    + " vocabulary entries for a model of " + spec.vocab());
        }
        Vocabulary vocabulary;
        try {
            vocabulary = new Vocabulary(c.vocabulary());
        } catch (IllegalArgumentException e) {
            throw new VecrnnException(what + " is corrupted: its vocabulary repeats a piece");
        }
        // the sizes in the properties decide what is allocated: check them against what the file holds first
        long held = 0;
        for (Map.Entry<String, ModelFile.Array> e : c.arrays().entrySet()) {
            if (!e.getKey().startsWith(OPT_PREFIX) && !e.getKey().startsWith(CARRIED_PREFIX)) {
                held += e.getValue().data().length;
            }
        }
        long need;
        try {
            need = MemoryEstimate.parameterCount(spec);
        } catch (ArithmeticException e) {
            throw new VecrnnException(what + " is corrupted: its model shape is too large to exist");
        }
        // a little slack, so that a small mismatch gets the message that names the array below
        if (need > held + MISMATCH_SLACK) {
            throw new VecrnnException(what + " is inconsistent: its model has " + need + " parameters but the file holds "
                    + held + " weights");
        }
        MemoryEstimate.inference(spec).require("the model in " + what);
        LanguageModel model = new LanguageModel(spec);
        for (Param prm : model.params()) {
            ModelFile.Array a = c.arrays().get(prm.name());
            if (a == null) {
                throw new VecrnnException(what + " is inconsistent: it has no array " + prm.name());
            }
            if (a.rows() != prm.rows() || a.cols() != prm.cols()) {
                throw new VecrnnException(what + " is inconsistent: " + prm.name() + " is " + a.rows() + "x" + a.cols()
                        + ", expected " + prm.rows() + "x" + prm.cols());
            }
            System.arraycopy(a.data(), 0, prm.w(), 0, prm.size());
        }
        Map<String, float[]> opt = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith(OPT_PREFIX)) {
                String key = k.substring(OPT_PREFIX.length());
                int slash = key.lastIndexOf('/');
                Param prm = slash > 0 ? model.param(key.substring(0, slash)) : null;
                if (prm != null && v.data().length != prm.size()) {
                    throw new VecrnnException(what + " is inconsistent: optimizer state " + key + " has " + v.data().length
                            + " values for a parameter of " + prm.size());
                }
                opt.put(key, v.data());
            }
        });
        float[][] carried = new float[spec.layers()][];
        int streams = -1;
        for (int l = 0; l < spec.layers(); l++) {
            ModelFile.Array a = c.arrays().get(CARRIED_PREFIX + l);
            if (a == null) {
                carried[l] = new float[model.stateSize(l)];
                continue;
            }
            if (a.cols() != model.stateSize(l) || a.rows() < 1 || (streams >= 0 && a.rows() != streams)) {
                throw new VecrnnException(what + " is inconsistent: the carried state of layer " + l + " is "
                        + a.rows() + "x" + a.cols() + ", expected streams x " + model.stateSize(l));
            }
            streams = a.rows();
            carried[l] = a.data();
        }
        TrainState st = new TrainState(f.optDouble("state.smoothLoss", 0), carried, 0);
        c.properties().forEach((k, v) -> {
            if (k.startsWith(RNG_PREFIX)) {
                st.restoreRng(k.substring(RNG_PREFIX.length()), f.reqLong(k));
            }
        });
        st.iteration = f.optLong("state.iteration", 0);
        st.position = (int) f.optLong("state.position", 0);
        if (st.iteration < 0 || st.position < 0) {
            throw new VecrnnException(what + " is corrupted: a negative iteration count or data position");
        }
        if (c.properties().containsKey("state.valIteration")) {
            st.lastValIteration = f.reqLong("state.valIteration");
            st.lastValLoss = f.optDouble("state.valLoss", Double.NaN);
            st.bestValLoss = f.optDouble("state.bestValLoss", Double.NaN);
        }
        st.windowLoss = f.optDouble("state.windowLoss", 0);
        st.windowCount = (int) f.optLong("state.windowCount", 0);
        if (st.windowCount < 0 || st.windowCount > Integer.MAX_VALUE / 2) {
            throw new VecrnnException(what + " is corrupted: state.windowCount is " + st.windowCount);
        }
        if (!st.history.restore(c.properties().get("history.train"), c.properties().get("history.val"))) {
            throw new VecrnnException(what + " is corrupted: its loss history cannot be read");
        }
        Map<String, String> data = new LinkedHashMap<>();
        c.properties().forEach((k, v) -> {
            if (k.startsWith("data.")) {
                data.put(k, v);
            }
        });
        Checkpoint cp = new Checkpoint(model, vocabulary, f.req("tokenizer.name"), f.withPrefix("tokenizer.opt."),
                f.req("optimizer.name"), f.withPrefix("optimizer.opt."),
                new OptimizerState(f.optLong("optimizer.steps", 0), opt), st, SettingsCodec.read(c.properties(), what), data);
        String bad = cp.firstNonFinite();
        if (bad != null) {
            throw new VecrnnException(what + " is unusable: " + bad + " holds NaN or infinite values");
        }
        return cp;
    }
}
