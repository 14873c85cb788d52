package dev.vecrnn.app;

import dev.vecrnn.api.VecrnnException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options a resumed run must keep: a new run records their values in the model file
 * ({@code train.option.<name>}); a resumed one rejects any of them given with another value.
 * The model's shape options (all of {@link ModelOptions}) are fixed whatever their names.
 *
 * <p>Fixed: the model's shape, the tokenizer and its options, the encoding, the vocabulary
 * settings, {@code --seq-length}, {@code --batch-size}, {@code --val-fraction}, the optimizer
 * and its options, {@code --seed}. Everything else may change on resume.
 */
final class ResumeCheck {
    static final String PREFIX = "train.option.";
    private static final List<String> FIXED = List.of("--tokenizer", "--tokenizer-opt", "--encoding", "--min-count",
            "--max-vocab", "--seq-length", "--batch-size", "--val-fraction", "--optimizer", "--optimizer-opt", "--seed");

    private ResumeCheck() {
    }

    /** The options that cannot change on resume, as they are in {@code spec}. */
    static List<OptionSpec> fixedOptions(CommandSpec spec) {
        Set<OptionSpec> out = new LinkedHashSet<>();
        CommandSpec model = spec.mixins().get("modelOptions");
        if (model != null) {
            out.addAll(model.options());
        }
        for (String name : FIXED) {
            OptionSpec o = spec.findOption(name);
            if (o != null) {
                out.add(o);
            }
        }
        return new ArrayList<>(out);
    }

    /** The fixed options' values, to keep in the model file. */
    static Map<String, String> record(CommandSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : fixedOptions(spec)) {
            m.put(PREFIX + key(o), text(o.getValue()));
        }
        return m;
    }

    /** Fails if a fixed option was given with a value other than the one {@code info} recorded. */
    static void check(CommandSpec spec, ParseResult given, Map<String, String> info, String file) {
        for (OptionSpec o : fixedOptions(spec)) {
            if (!given.hasMatchedOption(o)) {
                continue;
            }
            String saved = info.get(PREFIX + key(o));
            String now = text(o.getValue());
            if (saved == null) {
                throw new VecrnnException(o.longestName() + " cannot change when resuming and " + file
                        + " does not record it; leave " + o.longestName() + " out");
            }
            if (!same(o.longestName(), saved, now)) {
                throw new VecrnnException(o.longestName() + " " + (now.isEmpty() ? "(none)" : now) + " differs from "
                        + (saved.isEmpty() ? "none" : saved) + " in " + file
                        + "; it cannot change when resuming: leave it out, or train a new model with another --out");
            }
        }
    }

    private static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?>) {
            List<String> items = new ArrayList<>();
            for (Object x : (Collection<?>) value) {
                items.add(String.valueOf(x).trim());
            }
            items.sort(null);
            return String.join(" ", items);
        }
        return String.valueOf(value).trim();
    }

    private static boolean same(String option, String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (option.equals("--encoding")) {
            try {
                return Charset.forName(a).equals(Charset.forName(b));
            } catch (RuntimeException e) {
                return false;
            }
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
        }
    }
}
