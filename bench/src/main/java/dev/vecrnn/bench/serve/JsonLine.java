package dev.vecrnn.bench.serve;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One JSON object on one line, from a map whose values are strings, numbers, booleans, null, lists
 * and maps of the same (insertion order kept). A number that is not finite (a quantile of no
 * values is NaN) is written as null, which JSON can read back.
 */
final class JsonLine {
    private JsonLine() {
    }

    static String of(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        value(out, object);
        return out.toString();
    }

    private static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            out.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.append(sep);
                string(out, String.valueOf(e.getKey()));
                out.append(": ");
                value(out, e.getValue());
                sep = ", ";
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            String sep = "";
            for (Object x : l) {
                out.append(sep);
                value(out, x);
                sep = ", ";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    /** Six significant digits: more than any of these figures means, without the binary fraction's noise. */
    private static String number(double d) {
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
