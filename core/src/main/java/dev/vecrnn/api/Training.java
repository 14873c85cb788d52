package dev.vecrnn.api;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.io.OutputClaim;
import dev.vecrnn.internal.io.OutputRules;
import dev.vecrnn.internal.io.RunFiles;
import dev.vecrnn.internal.io.RunPath;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelWarmup;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Softmax;
import dev.vecrnn.internal.parallel.RunParts;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.DataSplit;
import dev.vecrnn.internal.train.DivergedException;
import dev.vecrnn.internal.train.MemoryEstimate;
import dev.vecrnn.internal.train.ModelWarmup;
import dev.vecrnn.internal.train.Streams;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainListener;
import dev.vecrnn.internal.train.TrainResult;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.train.Trainer;
import dev.vecrnn.internal.train.Validation;
import dev.vecrnn.internal.util.Memory;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.internal.util.WarmupThread;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A training run: a new model trained on a text, or a saved run resumed exactly where it
 * stopped. It writes the model file every {@code checkpointEvery} iterations and at the end,
 * atomically (a crash or a full disk leaves the previous file whole), and the best model by
 * validation loss beside it.
 *
 * <pre>{@code
 * TrainSettings settings = TrainSettings.builder().cell(CellType.LSTM).hidden(128).layers(2)
 *         .seqLength(50).batchSize(50).optimizer("adam").iterations(2000).build();
 * try (Training run = Training.newRun(settings).text(TrainingText.file(Path.of("input.txt")))
 *         .output(Path.of("shakespeare.vrnn")).listener(myListener).build()) {
 *     TrainingResult result = run.run();
 * }
 * // later, 2000 more iterations, bit for bit as if the run had never stopped:
 * try (Training more = Training.resume(Path.of("shakespeare.vrnn"))
 *         .settings(s -> s.toBuilder().iterations(4000).build()).build()) {
 *     more.run();
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} does every check and all the preparation (reading and tokenizing the
 * text, building the model, checking that it fits in memory) before anything is written; its
 * {@link #plan()} says what the run will do. {@link #run()} trains on the calling thread;
 * {@link #stop()}, from any thread, ends it after the iteration in progress, and the model file
 * is written before {@code run()} returns. A run with the same settings, seed and thread count
 * gives the same weights bit for bit, whether or not it was stopped and resumed in between.
 */
public final class Training implements AutoCloseable {
    /** The default {@code evalEvery} is a multiple of this. */
    static final int EVAL_STEP = 500;

    private final TrainingPlan plan;
    private final TrainSettings settings;
    private final TrainConfig config;
    private final LanguageModel model;
    private final Optimizer optimizer;
    private final Tokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final DataSplit data;
    private final TrainState state;
    private final Map<String, String> dataFacts;
    private final Kernels kernels;
    private final TrainingListener listener;
    private final RunFiles files;
    private final OutputClaim claim;
    private final Trainer trainer;
    private final TrainListener events;
    private boolean ran;

    static {
        // the Spark job's driver trains a prepared run in rounds; it reaches the run's parts
        // through internal code only (see RunParts)
        RunParts.register(t -> new RunParts(t.settings, t.config, t.model, t.optimizer, t.state, t.data, t.kernels, t.files,
                t::checkpoint, t.events));
    }

    private Training(Prepared p, Kernels kernels, TrainingListener listener) {
        this.settings = p.settings;
        this.config = p.config;
        this.model = p.model;
        this.optimizer = p.optimizer;
        this.tokenizer = p.tokenizer;
        this.vocabulary = p.vocabulary;
        this.data = p.data;
        this.state = p.state;
        this.dataFacts = p.dataFacts;
        this.kernels = kernels;
        this.listener = listener;
        this.claim = p.claim;
        this.files = new RunFiles(p.output, settings.checkpointEvery(), this::checkpoint, p.resumedFrom, state.iteration);
        this.plan = new TrainingPlan(settings, p.resumedFrom, state.iteration, state.smoothLoss, p.previousLearningRate,
                p.textName, p.encoding, p.tokens, vocabulary.size(), data.train().length, data.validation().length,
                p.validationDropped, new Streams(data.train(), config.batchSize(), config.seqLength()).iterationsPerEpoch(),
                config.schedule().toString(), model.parameterCount(), p.memoryBytes, kernels.name(), files.out(), files.best());
        this.events = new Events();
        this.trainer = new Trainer(model, optimizer, kernels, config, events);
    }

    /** A new run with {@code settings}; give it a text with {@link Builder#text}. */
    public static Builder newRun(TrainSettings settings) {
        return new Builder(Objects.requireNonNull(settings, "settings"), null, null);
    }

    /**
     * The run saved in {@code modelFile}, to be continued. The file is read now; its settings are
     * {@link Builder#settings()}, and only those outside {@link TrainSettings#FIXED_ON_RESUME} may
     * change. Unless told otherwise the run trains on the text it was trained on (the file
     * records where it is) and writes back to {@code modelFile}.
     */
    public static Builder resume(Path modelFile) {
        Checkpoint cp = Checkpoint.read(Objects.requireNonNull(modelFile, "modelFile"));
        return new Builder(cp.settings, modelFile, cp);
    }

    /** What the run does: the data, the model, the settings in effect, the files it writes. */
    public TrainingPlan plan() {
        return plan;
    }

    /**
     * Trains until the run's {@code iterations} are done or {@link #stop()} is called, then writes
     * the model file and returns. Runs once.
     *
     * @throws TrainingDivergedException when the loss blows up (the model file keeps the last good state)
     * @throws VecrnnException           when a file cannot be written
     */
    public TrainingResult run() {
        synchronized (this) {
            if (ran) {
                throw new IllegalStateException("a Training runs once; build another to train again");
            }
            ran = true;
        }
        try {
            Validation validation = data.hasValidation() ? new Validation(data.validation(), settings.evalEvery()) : null;
            TrainResult r;
            try {
                r = trainer.run(data.train(), validation, state);
            } catch (DivergedException e) {
                throw new TrainingDivergedException(divergedMessage(e), e.iteration(), files.lastGood());
            }
            files.save(state.iteration);
            listener.onCheckpoint(new TrainingListener.CheckpointWritten(files.out(), state.iteration, true));
            return new TrainingResult(r.iterations(), r.tokens(), r.nanos() / 1e9, r.tokensPerSecond(), state.smoothLoss,
                    state.iteration, r.stopped(), files.out());
        } finally {
            close();
        }
    }

    /** Ends {@link #run()} after the iteration in progress (safe from any thread, a signal handler's included). */
    public void stop() {
        trainer.requestStop();
    }

    /** The training and validation loss so far, for a chart (call it from a listener, or after {@link #run()}). */
    public LossCurves lossCurves() {
        List<LossCurves.Point> t = new ArrayList<>();
        state.history.train().forEach(p -> t.add(new LossCurves.Point(p.iteration(), p.loss())));
        List<LossCurves.Point> v = new ArrayList<>();
        state.history.validation().forEach(p -> v.add(new LossCurves.Point(p.iteration(), p.loss())));
        return new LossCurves(t, v);
    }

    /** Text of token ids as the run's tokenizer joins them (samples). */
    private String text(int[] tokens) {
        List<String> p = new ArrayList<>(tokens.length);
        for (int t : tokens) {
            p.add(vocabulary.piece(t));
        }
        return tokenizer.join(p);
    }

    /**
     * Refuses {@code files}, which the caller will write while the run lasts (a report), if any of
     * them is a file the run reads or writes; {@code setting} is how the message names them.
     *
     * @throws VecrnnException naming the file and the setting it clashes with
     */
    public void checkOtherOutputs(String setting, Path... files) {
        List<RunPath> more = new ArrayList<>();
        for (Path f : files) {
            more.add(new RunPath(setting, "{" + setting + "} file", f));
        }
        claim.refuseClashes(more);
    }

    /**
     * Releases the run's kernel threads and its lock on the model file; {@link #run()} does it when
     * it returns.
     */
    @Override
    public void close() {
        if (kernels instanceof ParallelKernels) {
            ((ParallelKernels) kernels).close();
        }
        claim.close();
    }

    private Checkpoint checkpoint() {
        return new Checkpoint(model, vocabulary, settings.tokenizer(), settings.tokenizerOptions(), settings.optimizer(),
                settings.optimizerOptions(), optimizer.state(), state, settings, dataFacts);
    }

    private VecrnnException divergedMessage(DivergedException e) {
        String head = "training diverged at iteration " + e.iteration() + " (loss " + e.loss() + "); ";
        String advice = "lower the {learningRate} or clip gradients with {clip} or {clipNorm}";
        if (files.lastGood() == null) {
            return VecrnnException.about(head + "no checkpoint had been written yet ({checkpointEvery} N writes one every N"
                    + " iterations); " + advice, "checkpointEvery", "learningRate", "clip", "clipNorm");
        }
        return VecrnnException.about(head + files.lastGood() + " still holds the last good state (" + files.lastGoodIteration()
                        + " iterations); " + advice + ", then resume from " + files.lastGood(),
                "learningRate", "clip", "clipNorm");
    }

    /** The trainer's events, with the run's files written in between, as listener events. */
    private final class Events implements TrainListener {
        private final long t0 = System.nanoTime();
        private final long start = state.iteration;

        @Override
        public void onIteration(long iteration, double loss, double smoothLoss) {
            double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
            double tokens = (iteration + 1 - start) * (double) config.seqLength() * config.batchSize();
            listener.onIteration(new TrainingListener.IterationDone(iteration, config.iterations(), loss, smoothLoss,
                    config.seqLength(), tokens / seconds));
            if (files.periodic(iteration + 1, config.iterations())) {
                listener.onCheckpoint(new TrainingListener.CheckpointWritten(files.out(), iteration + 1, false));
            }
        }

        @Override
        public void onSample(long iteration, int[] tokens) {
            listener.onSample(new TrainingListener.SampleDrawn(iteration, text(tokens)));
        }

        @Override
        public void onValidation(long iterationsDone, Evaluation result, boolean best, long nanos) {
            listener.onValidation(new TrainingListener.ValidationDone(iterationsDone, result, best, nanos / 1e9));
            if (best) {
                files.writeBest();
                listener.onBestModel(new TrainingListener.BestModelWritten(files.best(), iterationsDone, result.lossPerToken()));
            }
        }
    }

    /** Everything a run needs, checked and built. */
    private static final class Prepared {
        TrainSettings settings;
        TrainConfig config;
        LanguageModel model;
        Optimizer optimizer;
        Tokenizer tokenizer;
        Vocabulary vocabulary;
        DataSplit data;
        TrainState state;
        Map<String, String> dataFacts;
        Path output;
        OutputClaim claim;
        Path resumedFrom;
        Double previousLearningRate;
        String textName;
        String encoding;
        int tokens;
        boolean validationDropped;
        long memoryBytes;
    }

    /**
     * Sets up a {@link Training}: the text, where the model goes, the plugins, threads, kernels
     * and the listener. {@link #build()} checks everything and prepares the run.
     */
    public static final class Builder {
        private TrainSettings settings;
        private final Path resumedFrom;
        private final Checkpoint saved;
        private TrainingText text;
        private Path output;
        private Plugins plugins;
        private int threads;
        private KernelChoice kernels = KernelChoice.AUTO;
        private TrainingListener listener = new TrainingListener() { };
        private boolean force;
        private OutputClaim claim;

        private Builder(TrainSettings settings, Path resumedFrom, Checkpoint saved) {
            this.settings = settings;
            this.resumedFrom = resumedFrom;
            this.saved = saved;
        }

        /** The settings: those given to {@link Training#newRun}, or those the resumed file was trained with. */
        public TrainSettings settings() {
            return settings;
        }

        /**
         * Replaces the settings. For a resumed run only the settings outside
         * {@link TrainSettings#FIXED_ON_RESUME} may differ from the saved ones ({@link #build()}
         * says which one does); {@code iterations} counts the whole run, earlier sessions
         * included.
         */
        public Builder settings(TrainSettings s) {
            settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** {@link #settings(TrainSettings)} of {@code change} applied to the current settings. */
        public Builder settings(java.util.function.UnaryOperator<TrainSettings> change) {
            return settings(change.apply(settings));
        }

        /**
         * The text to train on. A new run needs one; a resumed run defaults to the one it was
         * trained on (the file it was read from, or the built-in corpus) and refuses another.
         */
        public Builder text(TrainingText t) {
            text = Objects.requireNonNull(t, "text");
            return this;
        }

        /** The model file to write (a new run must be given one; a resumed run writes back to its file unless told otherwise). */
        public Builder output(Path file) {
            output = Objects.requireNonNull(file, "output");
            return this;
        }

        /** The tokenizers and optimizers to find the settings' names in (default: {@link Plugins#builtIn()}). */
        public Builder plugins(Plugins p) {
            plugins = Objects.requireNonNull(p, "plugins");
            return this;
        }

        /** Threads for the large products and the streams of a batch (default 0: all cores). */
        public Builder threads(int n) {
            if (n < 0) {
                throw VecrnnException.about("{threads} must be at least 1 (or 0 for all cores), not " + n, "threads");
            }
            threads = n;
            return this;
        }

        /** The kernels to run on (default {@link KernelChoice#AUTO}). */
        public Builder kernels(KernelChoice k) {
            kernels = Objects.requireNonNull(k, "kernels");
            return this;
        }

        /**
         * Whether the model file (and its best-model twin) may replace an existing file that is not
         * a vecrnn model file (default false: such a file is refused, to keep it). Nothing allows
         * a run to write over a file it reads.
         */
        public Builder force(boolean replaceAnyFile) {
            force = replaceAnyFile;
            return this;
        }

        /** Who hears about the run's progress. */
        public Builder listener(TrainingListener l) {
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * Checks everything and prepares the run: reads and tokenizes the text, builds (or reads) the
         * model, checks that it fits in the heap. Nothing is written yet, but the files the run
         * will write are checked and locked: none may be a file the run reads (the text, the
         * resumed file when writing elsewhere, a plugin JAR), an existing one must be a vecrnn model
         * file (unless {@link #force}), and no other run may be writing it. The lock is held until
         * the run ends or is {@linkplain Training#close() closed}.
         *
         * @throws VecrnnException naming the setting, file or text that is wrong
         */
        public Training build() {
            Plugins pl = plugins != null ? plugins : Plugins.builtIn();
            Kernels chosen = KernelsLoader.get(kernels);
            // the run's kernels get compiled while the text is read
            WarmupThread warmup = warmup(pl, chosen);
            try {
                Prepared p = saved == null ? fresh(pl) : resumed(pl);
                p.claim = claim;
                int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
                return new Training(p, ParallelKernels.wrap(chosen, n), listener);
            } catch (RuntimeException | Error e) {
                if (claim != null) {
                    claim.close();
                }
                throw e;
            } finally {
                claim = null;
                if (warmup != null) {
                    warmup.stop();
                }
            }
        }

        /**
         * A warm-up for a new run: of the one-stream kernels for one stream of a vanilla cell (the
         * seed's model), of a small model of the run's kind otherwise; null when there is none (a
         * resumed run of another model, a model too large to warm).
         */
        private WarmupThread warmup(Plugins pl, Kernels k) {
            if (settings == null) {
                return null;
            }
            if (settings.batchSize() == 1 && settings.cell() == CellType.RNN) {
                return KernelWarmup.start(k, settings.hidden());
            }
            if (saved != null) {
                return null;
            }
            try {
                Optimizers.Created opt = Optimizers.create(pl, settings.optimizer(), settings.optimizerOptions());
                double lr = opt.rate(settings.learningRate());
                return ModelWarmup.start(k, settings, opt.optimizer(), lr);
            } catch (RuntimeException e) {
                // the run itself says what is wrong with its settings
                return null;
            }
        }

        /** Checks and locks the files a run writing {@code out} from text {@code t} will write. */
        private void claim(Plugins pl, Path out, TrainingText t) {
            List<RunPath> outputs = List.of(RunPath.of("out", out),
                    new RunPath("out", "the best-model file of {out}", RunFiles.bestPath(out)));
            List<RunPath> inputs = new ArrayList<>();
            if (t.file() != null) {
                inputs.add(RunPath.of("data", t.file()));
            }
            if (resumedFrom != null && !OutputRules.sameFile(out, resumedFrom)) {
                inputs.add(RunPath.of("resume", resumedFrom));
            }
            for (Path jar : pl.jars()) {
                inputs.add(RunPath.of("plugins", jar));
            }
            claim = OutputClaim.take(outputs, inputs, force);
        }

        private Prepared fresh(Plugins pl) {
            TrainSettings s = settings;
            if (text == null) {
                throw VecrnnException.about("no text to train on; give one with {data}", "data");
            }
            if (output == null) {
                throw VecrnnException.about("no model file to write; give one with {out}", "out");
            }
            // the providers' own spelling of their names is what the model file keeps
            String tokenizerName = pl.tokenizers().get(s.tokenizer()).name();
            Tokenizer tok = Model.tokenizer(pl, tokenizerName, s.tokenizerOptions());
            Optimizers.Created opt = Optimizers.create(pl, s.optimizer(), s.optimizerOptions());
            double lr = opt.rate(s.learningRate());
            claim(pl, output, text);

            TrainingText.Content content = text.read(s.encoding());
            List<String> pieces = content.tokens() != null ? content.tokens() : tok.split(content.text());
            // the adaptive softmax's clusters are ranges of a vocabulary ordered by frequency
            Vocabulary vocab = s.adaptiveSoftmax() ? Vocabulary.buildByFrequency(pieces, s.minCount(), s.maxVocab())
                    : Vocabulary.build(pieces, s.minCount(), s.maxVocab());
            int[] ids = vocab.encode(pieces, text.name());
            Prepared p = new Prepared();
            double valFraction = s.valFraction() != null ? s.valFraction() : TrainSettings.DEFAULT_VAL_FRACTION;
            if (s.valFraction() == null && Math.floor(ids.length * valFraction) < 2) {
                valFraction = 0;
                p.validationDropped = true;
            }
            DataSplit split = split(ids, valFraction, s);
            int evalEvery = s.evalEvery() != null ? s.evalEvery() : autoEvalEvery(split, s.seqLength(), s.batchSize());

            int[] cutoffs = !s.adaptiveSoftmax() ? new int[0]
                    : s.cutoffs() != null ? s.cutoffs().stream().mapToInt(Integer::intValue).toArray()
                    : ModelSpec.defaultCutoffs(vocab.size());
            ModelSpec spec = new ModelSpec(s.cell(), vocab.size(), s.hidden(), s.layers(), s.dropout(), s.embedding(),
                    Softmax.of(s.softmax()), cutoffs, s.divValue(), s.tieWeights());
            MemoryEstimate estimate = MemoryEstimate.training(spec, s.seqLength(), s.batchSize(), opt.optimizer().stateSlots());
            estimate.require("training this model");
            List<Integer> cuts = s.adaptiveSoftmax() ? java.util.Arrays.stream(cutoffs).boxed().toList() : null;
            p.settings = s.toBuilder().tokenizer(tokenizerName).optimizer(opt.name()).learningRate(lr).valFraction(valFraction)
                    .evalEvery(evalEvery).cutoffs(cuts).build();
            p.config = config(p.settings);
            p.memoryBytes = estimate.totalBytes();
            p.model = new LanguageModel(spec);
            p.model.initialize(new Rng(s.seed()), s.forgetBiasOrDefault());
            p.state = new TrainState(TrainState.initialSmoothLoss(vocab.size(), s.seqLength()),
                    p.model.newState(s.batchSize()), s.seed() ^ 0x5DEECE66DL);
            p.optimizer = opt.optimizer();
            p.tokenizer = tok;
            p.vocabulary = vocab;
            p.data = split;
            p.output = output;
            p.textName = text.name();
            p.encoding = content.charset().name();
            p.tokens = ids.length;
            p.dataFacts = dataFacts(text, content, ids.length, split, null);
            return p;
        }

        private Prepared resumed(Plugins pl) {
            TrainSettings was = saved.settings;
            TrainSettings s = settings;
            ResumeRules.check(was, s, resumedFrom);
            long done = saved.state.iteration;
            if (s.iterations() <= done) {
                boolean changed = s.iterations() != was.iterations();
                throw VecrnnException.about(resumedFrom + " has already done " + done + " iterations"
                        + (changed ? ", and {iterations} " + s.iterations() + " counts the whole run" : ", all it was asked for")
                        + "; to train more, give a larger {iterations}, e.g. {iterations} " + (done * 2), "iterations");
            }
            if (saved.state.carried[0].length != s.batchSize() * saved.model.stateSize(0)) {
                throw new VecrnnException(resumedFrom + " is inconsistent: its carried state is not for " + s.batchSize() + " streams");
            }
            Optimizers.Created opt = Optimizers.create(pl, saved.optimizer, saved.optimizerOptions);
            double lr = opt.rate(s.learningRate());
            Path out = output != null ? output : resumedFrom;
            TrainingText t = text != null ? text : recordedText();
            claim(pl, out, t);

            String encoding = was.encoding();
            TrainingText.Content content = t.read(encoding);
            String sha = saved.data.get("data.sha256");
            if (!content.sha256().equals(sha)) {
                throw VecrnnException.about(t.name() + " is not the text " + resumedFrom + " was trained on (its SHA-256 is "
                        + TrainingText.shortSha(content.sha256()) + ", the model's data had " + TrainingText.shortSha(sha)
                        + "); resume with the same {data}, or train a new model", "data");
            }
            Tokenizer tok = Model.tokenizer(pl, saved.tokenizer, saved.tokenizerOptions);
            List<String> pieces = content.tokens() != null ? content.tokens() : tok.split(content.text());
            int[] ids = saved.vocabulary.encode(pieces, t.name());
            double valFraction = was.valFraction() != null ? was.valFraction() : 0;
            DataSplit split = split(ids, valFraction, s);
            opt.optimizer().restore(saved.optimizerState);
            long buffers = MemoryEstimate.training(saved.model.spec(), s.seqLength(), s.batchSize(), 0).buffers();
            Memory.require(4 * buffers, "training this model");

            Prepared p = new Prepared();
            int evalEvery = s.evalEvery() != null ? s.evalEvery() : autoEvalEvery(split, s.seqLength(), s.batchSize());
            p.settings = s.toBuilder().learningRate(lr).valFraction(valFraction).evalEvery(evalEvery).build();
            p.config = config(p.settings);
            p.memoryBytes = 4 * buffers + 4 * saved.model.parameterCount() * (2 + opt.optimizer().stateSlots());
            p.model = saved.model;
            p.state = saved.state;
            p.optimizer = opt.optimizer();
            p.tokenizer = tok;
            p.vocabulary = saved.vocabulary;
            p.data = split;
            p.output = out;
            p.resumedFrom = resumedFrom;
            if (was.learningRate() != null && was.learningRate() != lr) {
                p.previousLearningRate = was.learningRate();
            }
            p.textName = t.name();
            p.encoding = content.charset().name();
            p.tokens = ids.length;
            p.dataFacts = dataFacts(t, content, ids.length, split, saved.data);
            return p;
        }

        /** The text a resumed run was trained on, as its model file records it. */
        private TrainingText recordedText() {
            String path = saved.data.get("data.path");
            if (path != null) {
                return TrainingText.file(Path.of(path));
            }
            if ("true".equals(saved.data.get("data.builtin"))) {
                return TrainingText.builtIn();
            }
            throw VecrnnException.about(resumedFrom + " does not record where its training text is; give it with {data}", "data");
        }

        private static DataSplit split(int[] ids, double valFraction, TrainSettings s) {
            DataSplit split = DataSplit.of(ids, valFraction);
            try {
                new Streams(split.train(), s.batchSize(), s.seqLength()); // too little text fails here, before the model is built
            } catch (VecrnnException e) {
                if (!split.hasValidation()) {
                    throw e;
                }
                throw e.withSuffix(" (" + split.validation().length
                        + " tokens are held out for validation; {valFraction} 0 keeps them for training)", "valFraction");
            }
            return split;
        }

        private static TrainConfig config(TrainSettings s) {
            return TrainConfig.of(s);
        }

        private static Map<String, String> dataFacts(TrainingText t, TrainingText.Content c, int tokens, DataSplit split,
                                                     Map<String, String> before) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            if (before != null) {
                m.putAll(before);
            }
            m.put("data.name", t.name());
            if (t.file() != null) {
                m.put("data.path", t.file().toAbsolutePath().normalize().toString());
                m.remove("data.builtin");
            } else if (t.isBuiltIn()) {
                m.put("data.builtin", "true");
                m.remove("data.path");
            } else {
                m.remove("data.path");
                m.remove("data.builtin");
            }
            m.put("data.encoding", c.charset().name());
            m.put("data.sha256", c.sha256());
            m.put("data.bytes", Integer.toString(c.bytes().length));
            m.put("data.tokens", Integer.toString(tokens));
            m.put("data.valTokens", Integer.toString(split.validation().length));
            return m;
        }
    }

    /**
     * Validation reads its tokens about three times faster than training (forward only), so with
     * training reading twice as many tokens between validations, validating costs about a sixth
     * of the training time. With the seed's tiny chunks (25 tokens) and a large held-out tail this
     * is what keeps validation from doubling the run.
     */
    static int autoEvalEvery(DataSplit split, int seqLength, int batchSize) {
        long perIteration = (long) seqLength * batchSize;
        long iterations = (2L * split.validation().length + perIteration - 1) / perIteration;
        long every = Math.max(1, (iterations + EVAL_STEP - 1) / EVAL_STEP) * EVAL_STEP;
        return (int) Math.min(every, Integer.MAX_VALUE / 2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Training[%s -> %s]", plan.textName(), plan.output());
    }
}
