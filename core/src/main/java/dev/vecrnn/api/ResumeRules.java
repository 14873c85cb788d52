package dev.vecrnn.api;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What may change when a run is resumed: every setting but those of
 * {@link TrainSettings#FIXED_ON_RESUME}, which decide the model, its tokens, its data stream or
 * its optimizer. A fixed setting given with another value than the saved one is an error that
 * names it and both values.
 */
final class ResumeRules {
    private ResumeRules() {
    }

    static void check(TrainSettings saved, TrainSettings now, Path file) {
        for (String name : new java.util.TreeSet<>(TrainSettings.FIXED_ON_RESUME)) {
            Object was = value(saved, name);
            Object is = value(now, name);
            if (!same(name, was, is)) {
                throw VecrnnException.about("{" + name + "} " + text(is) + " differs from " + text(was) + " in " + file
                        + "; it cannot change when resuming: leave it as it was, or train a new model", name);
            }
        }
    }

    private static Object value(TrainSettings s, String name) {
        try {
            return TrainSettings.class.getMethod(name).invoke(s);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no setting " + name, e);
        }
    }

    private static boolean same(String name, Object a, Object b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (name.equals("forgetBias")) {
            // left to its default, it equals the default given explicitly
            return Objects.equals(a == null ? TrainSettings.DEFAULT_FORGET_BIAS : a, b == null ? TrainSettings.DEFAULT_FORGET_BIAS : b);
        }
        if (name.equals("valFraction") && b == null) {
            // "the default hold-out": the one the run chose when it started
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String && b instanceof String) {
            if (name.equals("encoding")) {
                return Charset.forName((String) a).equals(Charset.forName((String) b));
            }
            return ((String) a).equalsIgnoreCase((String) b);
        }
        return false;
    }

    private static String text(Object v) {
        if (v == null) {
            return "(default)";
        }
        if (v instanceof Map<?, ?>) {
            Map<?, ?> m = new TreeMap<>((Map<?, ?>) v);
            if (m.isEmpty()) {
                return "(none)";
            }
            StringBuilder sb = new StringBuilder();
            m.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(x));
            return sb.toString();
        }
        return v.toString();
    }
}
