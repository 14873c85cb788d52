package dev.vecrnn.io;

import dev.vecrnn.model.LanguageModel;
import dev.vecrnn.model.ModelSpec;
import dev.vecrnn.model.Param;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.text.Vocabulary;
import dev.vecrnn.train.TrainState;
import dev.vecrnn.util.UserException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained model with everything needed to sample from it or to continue training it, and its
 * mapping to and from a {@link ModelFile}.
 *
 * <p>Property keys: {@code model.*} (the {@link ModelSpec}), {@code tokenizer.name},
 * {@code tokenizer.opt.*}, {@code optimizer.name}, {@code optimizer.opt.*},
 * {@code optimizer.steps}, {@code state.*} (the {@link TrainState}) and free-form
 * {@code train.*}/{@code data.*} entries the caller keeps in {@link #info}. Arrays: the
 * parameters by name, {@code optimizer/<param>/<slot>}, {@code carried/<layer>}.
 */
public final class Checkpoint {
    private static final String OPT_PREFIX = "optimizer/";
    private static final String CARRIED_PREFIX = "carried/";

    public final LanguageModel model;
    public final Vocabulary vocabulary;
    public final String tokenizer;
    public final Map<String, String> tokenizerOptions;
    public final String optimizer;
    public final Map<String, String> optimizerOptions;
    public final OptimizerState optimizerState;
    public final TrainState state;
    /** Other facts of the run ({@code train.*}, {@code data.*}), kept as given. */
    public final Map<String, String> info;

    public Checkpoint(LanguageModel model, Vocabulary vocabulary, String tokenizer, Map<String, String> tokenizerOptions,
                      String optimizer, Map<String, String> optimizerOptions, OptimizerState optimizerState,
                      TrainState state, Map<String, String> info) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.tokenizer = tokenizer;
        this.tokenizerOptions = Map.copyOf(tokenizerOptions);
        this.optimizer = optimizer;
        this.optimizerOptions = Map.copyOf(optimizerOptions);
        this.optimizerState = optimizerState;
        this.state = state;
        this.info = Map.copyOf(info);
    }

    public void write(Path file) {
        ModelFile.write(file, toContents());
    }

    public static Checkpoint read(Path file) {
        return fromContents(ModelFile.read(file), "model file " + file);
    }

    ModelFile.Contents toContents() {
        Map<String, String> p = new LinkedHashMap<>();
        ModelSpec s = model.spec();
        p.put("model.cell", s.cell());
        p.put("model.vocab", Integer.toString(s.vocab()));
        p.put("model.hidden", Integer.toString(s.hidden()));
        p.put("model.layers", Integer.toString(s.layers()));
        p.put("model.dropout", Float.toString(s.dropout()));
        p.put("tokenizer.name", tokenizer);
        new TreeMap<>(tokenizerOptions).forEach((k, v) -> p.put("tokenizer.opt." + k, v));
        p.put("optimizer.name", optimizer);
        new TreeMap<>(optimizerOptions).forEach((k, v) -> p.put("optimizer.opt." + k, v));
        p.put("optimizer.steps", Long.toString(optimizerState.steps()));
        p.put("state.iteration", Long.toString(state.iteration));
        p.put("state.smoothLoss", Double.toString(state.smoothLoss));
        p.put("state.position", Integer.toString(state.position));
        p.put("state.sampleRng", Long.toString(state.sampleRng.state()));
        p.put("state.dropoutRng", Long.toString(state.dropoutRng.state()));
        new TreeMap<>(info).forEach(p::put);

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
        Map<String, String> p = c.properties();
        ModelSpec spec = new ModelSpec(req(p, "model.cell", what), reqInt(p, "model.vocab", what),
                reqInt(p, "model.hidden", what), reqInt(p, "model.layers", what),
                Float.parseFloat(p.getOrDefault("model.dropout", "0")));
        if (c.vocabulary().size() != spec.vocab()) {
            throw new UserException(what + " is inconsistent: " + c.vocabulary().size()
                    + " vocabulary entries for a model of " + spec.vocab());
        }
        LanguageModel model = new LanguageModel(spec);
        for (Param prm : model.params()) {
            ModelFile.Array a = c.arrays().get(prm.name());
            if (a == null) {
                throw new UserException(what + " is inconsistent: it has no array " + prm.name());
            }
            if (a.rows() != prm.rows() || a.cols() != prm.cols()) {
                throw new UserException(what + " is inconsistent: " + prm.name() + " is " + a.rows() + "x" + a.cols()
                        + ", expected " + prm.rows() + "x" + prm.cols());
            }
            System.arraycopy(a.data(), 0, prm.w(), 0, prm.size());
        }
        Map<String, float[]> opt = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith(OPT_PREFIX)) {
                opt.put(k.substring(OPT_PREFIX.length()), v.data());
            }
        });
        float[][] carried = new float[spec.layers()][];
        for (int l = 0; l < spec.layers(); l++) {
            ModelFile.Array a = c.arrays().get(CARRIED_PREFIX + l);
            carried[l] = a == null ? new float[model.stateSize(l)] : a.data();
        }
        TrainState st = new TrainState(Double.parseDouble(p.getOrDefault("state.smoothLoss", "0")), carried,
                Long.parseLong(p.getOrDefault("state.sampleRng", "0")));
        st.sampleRng.setState(Long.parseLong(p.getOrDefault("state.sampleRng", "0")));
        if (p.containsKey("state.dropoutRng")) {
            st.dropoutRng.setState(Long.parseLong(p.get("state.dropoutRng")));
        }
        st.iteration = Long.parseLong(p.getOrDefault("state.iteration", "0"));
        st.position = Integer.parseInt(p.getOrDefault("state.position", "0"));
        Map<String, String> info = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith("train.") || k.startsWith("data.")) {
                info.put(k, v);
            }
        });
        return new Checkpoint(model, new Vocabulary(c.vocabulary()), req(p, "tokenizer.name", what),
                withPrefix(p, "tokenizer.opt."), req(p, "optimizer.name", what), withPrefix(p, "optimizer.opt."),
                new OptimizerState(Long.parseLong(p.getOrDefault("optimizer.steps", "0")), opt), st, info);
    }

    private static Map<String, String> withPrefix(Map<String, String> p, String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return m;
    }

    private static String req(Map<String, String> p, String key, String what) {
        String v = p.get(key);
        if (v == null) {
            throw new UserException(what + " is incomplete: it has no " + key);
        }
        return v;
    }

    private static int reqInt(Map<String, String> p, String key, String what) {
        try {
            return Integer.parseInt(req(p, key, what));
        } catch (NumberFormatException e) {
            throw new UserException(what + " is corrupted: " + key + " is not a number");
        }
    }
}
