package dev.vecrnn.app;

import dev.vecrnn.internal.io.AtomicFile;
import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.kernel.KernelsLoader;
import dev.vecrnn.internal.kernel.ParallelKernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Options;
import dev.vecrnn.internal.train.Clipping;
import dev.vecrnn.internal.train.DataSplit;
import dev.vecrnn.internal.train.LearningRateSchedule;
import dev.vecrnn.internal.train.MemoryEstimate;
import dev.vecrnn.internal.train.Streams;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Memory;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the train command line into a {@link RunPlan}: everything that can be wrong with the
 * arguments is found before any real work, and no file is touched.
 */
final class RunPlanner {
    /** The default --eval-every is a multiple of this. */
    static final int EVAL_STEP = 500;
    private final TrainCommand cmd;
    private final ParseResult given;
    private final PrintWriter out;
    private final Plugins plugins;

    RunPlanner(TrainCommand cmd, PrintWriter out, Plugins plugins) {
        this.cmd = cmd;
        this.given = cmd.spec.commandLine().getParseResult();
        this.out = out;
        this.plugins = plugins;
    }

    private boolean given(String option) {
        return given.hasMatchedOption(option);
    }

    /** A new run from the command line. */
    RunPlan fresh() {
        RunOptions r = cmd.runOptions;
        RunPlan plan = new RunPlan();
        DataOptions.TokenizerChoice tok = cmd.dataOptions.tokenizer(plugins);
        cmd.modelOptions.validate();
        OptimizerOptions.OptimizerChoice opt = cmd.optimizerOptions.create(plugins);
        plan.config = new TrainConfig(cmd.seqLength, cmd.batchSize, cmd.iterations, opt.learningRate(),
                cmd.optimizerOptions.clipping(), cmd.sampleEvery, cmd.sampleLength, cmd.optimizerOptions.schedule());
        checkEvery(r.evalEvery == null ? 0 : r.evalEvery, r.checkpointEvery);
        if (!(r.valFraction >= 0 && r.valFraction < 1)) {
            throw new VecrnnException("--val-fraction must be at least 0 and below 1, not " + r.valFraction);
        }
        plan.kernels = kernels();
        outputs(plan, cmd.out);

        Corpus corpus = cmd.dataOptions.corpus();
        DataOptions.TrainingData data = cmd.dataOptions.load(corpus, tok);
        plan.vocabulary = data.vocabulary();
        out.printf(Locale.ROOT, "data has %d tokens, %d unique.%n", data.ids().length, plan.vocabulary.size());
        double valFraction = r.valFraction;
        if (!given("--val-fraction") && Math.floor(data.ids().length * valFraction) < 2) {
            out.println("the text is too short to hold out a validation set; training on all of it");
            valFraction = 0;
        }
        plan.data = split(data.ids(), valFraction, plan.config);

        ModelSpec spec = cmd.modelOptions.spec(plan.vocabulary.size());
        int slots = OptimizerSlots.count(opt.provider(), opt.options().asGiven(), plan.kernels);
        MemoryEstimate.training(spec, cmd.seqLength, cmd.batchSize, slots).require("training this model");
        plan.model = new LanguageModel(spec);
        plan.model.initialize(new Rng(cmd.seed), cmd.modelOptions.forgetBias());
        plan.state = new TrainState(TrainState.initialSmoothLoss(plan.vocabulary.size(), cmd.seqLength),
                plan.model.newState(cmd.batchSize), cmd.seed ^ 0x5DEECE66DL);

        plan.tokenizer = tok.tokenizer();
        plan.tokenizerName = tok.provider().name();
        plan.tokenizerOptions = tok.options().asGiven();
        plan.optimizer = opt.optimizer();
        plan.optimizerName = opt.provider().name();
        plan.optimizerOptions = opt.options().asGiven();
        plan.evalEvery = r.evalEvery != null ? r.evalEvery : autoEvalEvery(plan.data, plan.config);
        plan.checkpointEvery = r.checkpointEvery;

        Map<String, String> info = new LinkedHashMap<>();
        dataInfo(info, corpus, data.ids().length, plan.data);
        info.put("train.seqLength", Integer.toString(cmd.seqLength));
        info.put("train.batchSize", Integer.toString(cmd.batchSize));
        info.put("train.seed", Long.toString(cmd.seed));
        info.put("train.valFraction", Double.toString(valFraction));
        info.putAll(ResumeCheck.record(cmd.spec));
        plan.info = info;
        sessionInfo(plan);
        return plan;
    }

    /** A run continued from {@code --resume FILE}. */
    RunPlan resume() {
        RunOptions r = cmd.runOptions;
        Path from = r.resume;
        Checkpoint cp = Checkpoint.read(from);
        Map<String, String> saved = cp.info;
        ResumeCheck.check(cmd.spec, given, saved, from.toString());
        long done = cp.state.iteration;
        // without --iterations, the run goes on to the target it had
        long iterations = given("--iterations") ? cmd.iterations
                : Long.parseLong(saved.getOrDefault("train.iterations", Long.toString(cmd.iterations)));
        if (iterations <= done) {
            throw new VecrnnException(from + " has already done " + done + " iterations"
                    + (given("--iterations") ? ", and --iterations " + iterations + " counts the whole run" : ", all it was asked for")
                    + "; to train more, give a larger --iterations, e.g. --iterations " + (done * 2));
        }
        RunPlan plan = new RunPlan();
        plan.resumedFrom = from;
        int seqLength = savedInt(saved, "train.seqLength", from);
        int batch = savedInt(saved, "train.batchSize", from);
        double valFraction = Double.parseDouble(saved.getOrDefault("train.valFraction", "0"));
        if (cp.state.carried[0].length != batch * cp.model.stateSize(0)) {
            throw new VecrnnException(from + " is inconsistent: its carried state is not for " + batch + " streams");
        }

        OptimizerProvider op = plugins.optimizers.get(cp.optimizer);
        Options opts = new Options("optimizer", op.name(), cp.optimizerOptions);
        Optimizer optimizer = op.create(opts);
        opts.requireAllUsed();
        double lr = cmd.optimizerOptions.lr != null ? cmd.optimizerOptions.lr
                : Double.parseDouble(saved.getOrDefault("train.lr", Double.toString(op.defaultLearningRate())));
        Clipping clipping = given("--clip") || given("--clip-norm") ? cmd.optimizerOptions.clipping()
                : parseClipping(saved.getOrDefault("train.clip", "value 5.0"), from);
        int sampleEvery = pick("--sample-every", cmd.sampleEvery, saved, "train.sampleEvery");
        int sampleLength = pick("--sample-length", cmd.sampleLength, saved, "train.sampleLength");
        plan.evalEvery = pick("--eval-every", r.evalEvery == null ? 0 : r.evalEvery, saved, "train.evalEvery");
        plan.checkpointEvery = pick("--checkpoint-every", r.checkpointEvery, saved, "train.checkpointEvery");
        LearningRateSchedule schedule = given("--lr-decay") || given("--lr-decay-every") || given("--lr-decay-after")
                ? cmd.optimizerOptions.schedule() : savedSchedule(saved, from);
        plan.config = new TrainConfig(seqLength, batch, iterations, lr, clipping, sampleEvery, sampleLength, schedule);
        checkEvery(plan.evalEvery, plan.checkpointEvery);
        plan.kernels = kernels();
        outputs(plan, given("--out") ? cmd.out : from);

        out.printf(Locale.ROOT, "resuming %s after %d iterations (smooth loss %f); training to %d%n", from, done,
                cp.state.smoothLoss, iterations);
        Corpus corpus = resumedCorpus(saved, from);
        String sha = DataFingerprint.sha256(corpus.bytes());
        if (!sha.equals(saved.get("data.sha256"))) {
            throw new VecrnnException(corpus.name() + " is not the text " + from + " was trained on (its SHA-256 is "
                    + DataFingerprint.shortForm(sha) + ", the model's data had " + DataFingerprint.shortForm(saved.get("data.sha256"))
                    + "); resume with the same --data, or train a new model");
        }
        LoadedModel.Tok tok = LoadedModel.tokenizer(plugins, cp);
        int[] ids = cp.vocabulary.encode(tok.tokenizer().split(corpus.text()), corpus.name());
        out.printf(Locale.ROOT, "data has %d tokens, %d unique.%n", ids.length, cp.vocabulary.size());
        plan.data = split(ids, valFraction, plan.config);
        optimizer.restore(cp.optimizerState);
        Memory.require(4 * MemoryEstimate.training(cp.model.spec(), seqLength, batch, 0).buffers(), "training this model");

        plan.tokenizer = tok.tokenizer();
        plan.tokenizerName = cp.tokenizer;
        plan.tokenizerOptions = cp.tokenizerOptions;
        plan.vocabulary = cp.vocabulary;
        plan.model = cp.model;
        plan.optimizer = optimizer;
        plan.optimizerName = cp.optimizer;
        plan.optimizerOptions = cp.optimizerOptions;
        plan.state = cp.state;
        Map<String, String> info = new LinkedHashMap<>(saved);
        dataInfo(info, corpus, ids.length, plan.data);
        plan.info = info;
        sessionInfo(plan);
        if (cmd.optimizerOptions.lr != null && saved.containsKey("train.lr") && Double.parseDouble(saved.get("train.lr")) != lr) {
            out.printf(Locale.ROOT, "learning rate %s (was %s)%n", lr, saved.get("train.lr"));
        }
        return plan;
    }

    /** The text to resume on: --data, or the file recorded in the model, or the built-in corpus. */
    private Corpus resumedCorpus(Map<String, String> saved, Path from) {
        String encoding = saved.getOrDefault("data.encoding", "UTF-8");
        if (cmd.dataOptions.data != null) {
            return Corpus.of(cmd.dataOptions.data, encoding);
        }
        String path = saved.get("data.path");
        if (path != null) {
            return Corpus.of(Path.of(path), encoding);
        }
        if ("true".equals(saved.get("data.builtin"))) {
            return Corpus.builtIn();
        }
        throw new VecrnnException(from + " does not record where its training text is; give it with --data");
    }

    private void dataInfo(Map<String, String> info, Corpus corpus, int tokens, DataSplit split) {
        info.put("data.name", corpus.name());
        if (cmd.dataOptions.data != null) {
            info.put("data.path", cmd.dataOptions.data.toAbsolutePath().normalize().toString());
            info.remove("data.builtin");
        } else if (!info.containsKey("data.path")) {
            info.put("data.builtin", "true");
        }
        info.put("data.encoding", corpus.charset().name());
        info.put("data.sha256", DataFingerprint.sha256(corpus.bytes()));
        info.put("data.bytes", Integer.toString(corpus.bytes().length));
        info.put("data.tokens", Integer.toString(tokens));
        info.put("data.valTokens", Integer.toString(split.validation().length));
    }

    /** The settings of this session, which may differ from the last one's. */
    private void sessionInfo(RunPlan plan) {
        TrainConfig c = plan.config;
        plan.info.put("train.iterations", Long.toString(c.iterations()));
        plan.info.put("train.lr", Double.toString(c.learningRate()));
        plan.info.put("train.clip", c.clipping().toString());
        LearningRateSchedule s = c.schedule();
        plan.info.put("train.lrSchedule", s.toString());
        plan.info.put("train.lrDecay", Double.toString(s.factor()));
        plan.info.put("train.lrDecayEvery", s.every().toString());
        plan.info.put("train.lrDecayAfter", s.after().toString());
        plan.info.put("train.sampleEvery", Integer.toString(c.sampleEvery()));
        plan.info.put("train.sampleLength", Integer.toString(c.sampleLength()));
        plan.info.put("train.evalEvery", Integer.toString(plan.evalEvery));
        plan.info.put("train.checkpointEvery", Integer.toString(plan.checkpointEvery));
    }

    private DataSplit split(int[] ids, double valFraction, TrainConfig config) {
        DataSplit split = DataSplit.of(ids, valFraction);
        try {
            new Streams(split.train(), config.batchSize(), config.seqLength()); // too little text fails here, before the model is built
        } catch (VecrnnException e) {
            if (!split.hasValidation()) {
                throw e;
            }
            throw new VecrnnException(e.getMessage() + " (" + split.validation().length
                    + " tokens are held out for validation; --val-fraction 0 keeps them for training)");
        }
        if (!config.schedule().isConstant()) {
            out.printf(Locale.ROOT, "learning rate %s; an epoch is %d iterations%n", config.schedule(),
                    new Streams(split.train(), config.batchSize(), config.seqLength()).iterationsPerEpoch());
        }
        if (split.hasValidation()) {
            out.printf(Locale.ROOT, "validation: the last %,d tokens (%s), training on the first %,d%n", split.validation().length,
                    percent(valFraction), split.train().length);
        }
        return split;
    }

    private static String percent(double f) {
        String s = String.format(Locale.ROOT, "%.2f", f * 100).replaceAll("\\.?0+$", "");
        return s + "%";
    }

    private void outputs(RunPlan plan, Path outFile) {
        AtomicFile.checkWritable(outFile);
        plan.out = outFile;
        plan.best = RunPlan.bestPath(outFile);
        plan.report = cmd.runOptions.report;
        if (plan.report != null) {
            TrainingReport.prepare(plan.report);
        }
    }

    private Kernels kernels() {
        int n = cmd.threads != null ? cmd.threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new VecrnnException("--threads must be at least 1, not " + n);
        }
        return ParallelKernels.wrap(KernelsLoader.get(), n);
    }

    /**
     * Validation reads its tokens about three times faster than training (forward only), so with
     * training reading twice as many tokens between validations, validating costs about a sixth
     * of the training time. With the seed's tiny chunks (25 tokens) and a large held-out tail this
     * is what keeps validation from doubling the run.
     */
    static int autoEvalEvery(DataSplit split, TrainConfig config) {
        long perIteration = (long) config.seqLength() * config.batchSize();
        long iterations = (2L * split.validation().length + perIteration - 1) / perIteration;
        long every = Math.max(1, (iterations + EVAL_STEP - 1) / EVAL_STEP) * EVAL_STEP;
        return (int) Math.min(every, Integer.MAX_VALUE / 2);
    }

    private static void checkEvery(int evalEvery, int checkpointEvery) {
        if (evalEvery < 0) {
            throw new VecrnnException("--eval-every must be 0 (only at the end) or positive, not " + evalEvery);
        }
        if (checkpointEvery < 0) {
            throw new VecrnnException("--checkpoint-every must be 0 (only at the end) or positive, not " + checkpointEvery);
        }
    }

    private int pick(String option, int value, Map<String, String> saved, String key) {
        if (given(option) || !saved.containsKey(key)) {
            return value;
        }
        try {
            return Integer.parseInt(saved.get(key));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static int savedInt(Map<String, String> saved, String key, Path from) {
        String v = saved.get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new VecrnnException(from + " cannot be resumed: it does not record " + key);
        }
    }

    private static LearningRateSchedule savedSchedule(Map<String, String> saved, Path from) {
        String factor = saved.get("train.lrDecay");
        if (factor == null) {
            return LearningRateSchedule.constant();
        }
        try {
            return LearningRateSchedule.stepDecay(Double.parseDouble(factor),
                    LearningRateSchedule.Period.parse(saved.get("train.lrDecayEvery"), "train.lrDecayEvery"),
                    LearningRateSchedule.Period.parse(saved.get("train.lrDecayAfter"), "train.lrDecayAfter"));
        } catch (RuntimeException e) {
            throw new VecrnnException(from + " records a learning-rate schedule this vecrnn cannot read; give --lr-decay");
        }
    }

    static Clipping parseClipping(String text, Path from) {
        String[] p = text.trim().split(" ");
        try {
            switch (p[0]) {
                case "none":
                    return Clipping.none();
                case "value":
                    return Clipping.value(Double.parseDouble(p[1]));
                case "norm":
                    return Clipping.norm(Double.parseDouble(p[1]));
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the message
        }
        throw new VecrnnException(from + " records clipping as '" + text + "', which this vecrnn cannot read; give --clip or --clip-norm");
    }
}
