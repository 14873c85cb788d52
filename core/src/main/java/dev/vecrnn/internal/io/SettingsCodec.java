package dev.vecrnn.internal.io;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.VecrnnException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link TrainSettings} as model-file properties: {@code settings.<name>} per setting (absent when
 * null), {@code settings.tokenizerOptions.<key>} and {@code settings.optimizerOptions.<key>} per
 * option. Files written before settings were kept this way (they have no {@code settings.cell})
 * are read from what they do hold: the model's shape, the tokenizer and optimizer, the run's
 * {@code train.*} entries and the command line's values in {@code train.option.*}.
 */
final class SettingsCodec {
    static final String PREFIX = "settings.";

    private SettingsCodec() {
    }

    static Map<String, String> write(TrainSettings s) {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "cell", s.cell());
        put(p, "hidden", s.hidden());
        put(p, "layers", s.layers());
        put(p, "dropout", s.dropout());
        put(p, "forgetBias", s.forgetBias());
        put(p, "embedding", s.embedding());
        put(p, "softmax", s.softmax());
        if (s.cutoffs() != null) {
            p.put(PREFIX + "cutoffs", join(s.cutoffs()));
        }
        put(p, "divValue", s.divValue());
        put(p, "tieWeights", s.tieWeights());
        put(p, "encoding", s.encoding());
        put(p, "tokenizer", s.tokenizer());
        new TreeMap<>(s.tokenizerOptions()).forEach((k, v) -> p.put(PREFIX + "tokenizerOptions." + k, v));
        put(p, "minCount", s.minCount());
        put(p, "maxVocab", s.maxVocab());
        put(p, "seqLength", s.seqLength());
        put(p, "batchSize", s.batchSize());
        put(p, "iterations", s.iterations());
        put(p, "seed", s.seed());
        put(p, "optimizer", s.optimizer());
        new TreeMap<>(s.optimizerOptions()).forEach((k, v) -> p.put(PREFIX + "optimizerOptions." + k, v));
        put(p, "learningRate", s.learningRate());
        put(p, "lrDecay", s.lrDecay());
        put(p, "lrDecayEvery", s.lrDecayEvery());
        put(p, "lrDecayAfter", s.lrDecayAfter());
        put(p, "clip", s.clip());
        put(p, "clipNorm", s.clipNorm());
        put(p, "sampleEvery", s.sampleEvery());
        put(p, "sampleLength", s.sampleLength());
        put(p, "valFraction", s.valFraction());
        put(p, "evalEvery", s.evalEvery());
        put(p, "checkpointEvery", s.checkpointEvery());
        return p;
    }

    private static String join(List<Integer> ints) {
        StringBuilder sb = new StringBuilder();
        for (int c : ints) {
            sb.append(sb.length() == 0 ? "" : ",").append(c);
        }
        return sb.toString();
    }

    private static List<Integer> list(int[] ints) {
        List<Integer> l = new ArrayList<>();
        for (int c : ints) {
            l.add(c);
        }
        return l;
    }

    private static void put(Map<String, String> p, String name, Object value) {
        if (value != null) {
            p.put(PREFIX + name, value.toString());
        }
    }

    /** The settings in {@code p}; {@code what} names the file in messages. */
    static TrainSettings read(Map<String, String> p, String what) {
        Fields f = new Fields(p, what);
        if (!p.containsKey(PREFIX + "cell")) {
            return legacy(f, p);
        }
        try {
            return TrainSettings.builder()
                    .cell(CellType.of(f.req(PREFIX + "cell")))
                    .hidden(f.reqInt(PREFIX + "hidden"))
                    .layers(f.reqInt(PREFIX + "layers"))
                    .dropout((float) f.optDouble(PREFIX + "dropout", 0))
                    .forgetBias(f.optFloat(PREFIX + "forgetBias"))
                    .embedding((int) f.optLong(PREFIX + "embedding", 0))
                    .softmax(f.opt(PREFIX + "softmax", "full"))
                    .cutoffs(p.containsKey(PREFIX + "cutoffs") ? list(f.optInts(PREFIX + "cutoffs")) : null)
                    .divValue((float) f.optDouble(PREFIX + "divValue", TrainSettings.DEFAULT_DIV_VALUE))
                    .tieWeights(f.optBoolean(PREFIX + "tieWeights"))
                    .encoding(f.req(PREFIX + "encoding"))
                    .tokenizer(f.req(PREFIX + "tokenizer"))
                    .tokenizerOptions(f.withPrefix(PREFIX + "tokenizerOptions."))
                    .minCount(f.reqInt(PREFIX + "minCount"))
                    .maxVocab(f.reqInt(PREFIX + "maxVocab"))
                    .seqLength(f.reqInt(PREFIX + "seqLength"))
                    .batchSize(f.reqInt(PREFIX + "batchSize"))
                    .iterations(f.reqLong(PREFIX + "iterations"))
                    .seed(f.reqLong(PREFIX + "seed"))
                    .optimizer(f.req(PREFIX + "optimizer"))
                    .optimizerOptions(f.withPrefix(PREFIX + "optimizerOptions."))
                    .learningRate(f.optDoubleOrNull(PREFIX + "learningRate"))
                    .lrDecay(f.optDoubleOrNull(PREFIX + "lrDecay"))
                    .lrDecayEvery(p.get(PREFIX + "lrDecayEvery"))
                    .lrDecayAfter(p.get(PREFIX + "lrDecayAfter"))
                    .clip(f.optDoubleOrNull(PREFIX + "clip"))
                    .clipNorm(f.optDoubleOrNull(PREFIX + "clipNorm"))
                    .sampleEvery(f.reqInt(PREFIX + "sampleEvery"))
                    .sampleLength(f.reqInt(PREFIX + "sampleLength"))
                    .valFraction(f.optDoubleOrNull(PREFIX + "valFraction"))
                    .evalEvery(f.optIntOrNull(PREFIX + "evalEvery"))
                    .checkpointEvery(f.reqInt(PREFIX + "checkpointEvery"))
                    .build();
        } catch (VecrnnException e) {
            if (e.getMessage().startsWith(what)) {
                throw e;
            }
            throw new VecrnnException(what + " is corrupted: its training settings are invalid (" + e.getMessage() + ")");
        }
    }

    /** Settings of a file written before they were kept as such. */
    private static TrainSettings legacy(Fields f, Map<String, String> p) {
        TrainSettings.Builder b = TrainSettings.builder()
                .cell(CellType.of(f.req("model.cell")))
                .hidden(f.reqInt("model.hidden"))
                .layers(f.reqInt("model.layers"))
                .dropout((float) f.optDouble("model.dropout", 0))
                .embedding((int) f.optLong("model.embedding", 0))
                .softmax(f.opt("model.softmax", "full"))
                .cutoffs(p.containsKey("model.cutoffs") ? list(f.optInts("model.cutoffs")) : null)
                .divValue((float) f.optDouble("model.divValue", TrainSettings.DEFAULT_DIV_VALUE))
                .tieWeights(f.optBoolean("model.tieWeights"))
                .tokenizer(f.req("tokenizer.name"))
                .tokenizerOptions(f.withPrefix("tokenizer.opt."))
                .optimizer(f.req("optimizer.name"))
                .optimizerOptions(f.withPrefix("optimizer.opt."));
        String option = "train.option.";
        String bias = p.get(option + "forget-bias");
        if (bias != null && !bias.isEmpty()) {
            b.forgetBias(f.optFloat(option + "forget-bias"));
        }
        b.encoding(p.getOrDefault("data.encoding", p.getOrDefault(option + "encoding", "UTF-8")));
        b.minCount((int) f.optLong(option + "min-count", 1));
        b.maxVocab((int) f.optLong(option + "max-vocab", 0));
        b.seqLength((int) f.optLong("train.seqLength", 25));
        b.batchSize((int) f.optLong("train.batchSize", 1));
        b.seed(f.optLong("train.seed", 0));
        b.iterations(Math.max(1, f.optLong("train.iterations", Math.max(1, f.optLong("state.iteration", 1)))));
        b.learningRate(f.optDoubleOrNull("train.lr"));
        double decay = f.optDouble("train.lrDecay", 1);
        if (decay != 1) {
            b.lrDecay(decay).lrDecayEvery(p.get("train.lrDecayEvery")).lrDecayAfter(p.get("train.lrDecayAfter"));
        }
        String clip = p.get("train.clip");
        if (clip != null) {
            legacyClip(b, clip, what(f));
        }
        b.sampleEvery((int) f.optLong("train.sampleEvery", 100));
        b.sampleLength((int) f.optLong("train.sampleLength", 200));
        b.valFraction(f.optDoubleOrNull("train.valFraction"));
        Integer every = f.optIntOrNull("train.evalEvery");
        b.evalEvery(every);
        b.checkpointEvery((int) f.optLong("train.checkpointEvery", 1000));
        try {
            return b.build();
        } catch (VecrnnException e) {
            throw new VecrnnException(what(f) + " is corrupted: its training settings are invalid (" + e.getMessage() + ")");
        }
    }

    /** {@code value 5.0}, {@code norm 1.5} or {@code none}, as files before settings recorded clipping. */
    private static void legacyClip(TrainSettings.Builder b, String text, String what) {
        String[] w = text.trim().split(" ");
        try {
            switch (w[0]) {
                case "none":
                    b.clip(0.0);
                    return;
                case "value":
                    b.clip(Double.parseDouble(w[1]));
                    return;
                case "norm":
                    b.clipNorm(Double.parseDouble(w[1]));
                    return;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // the message below
        }
        throw new VecrnnException(what + " is corrupted: it records clipping as '" + text + "'");
    }

    private static String what(Fields f) {
        return f.what;
    }
}
