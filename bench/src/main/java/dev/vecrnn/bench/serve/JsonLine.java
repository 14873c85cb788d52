package dev.vecrnn.bench.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object on one line (Jackson), from a map whose values are strings, numbers, booleans,
 * null, lists and maps of the same (insertion order kept). Floating-point figures keep six
 * significant digits, more than any of them means; one that is not finite (a quantile of no
 * values is NaN) is written as null, which JSON can read back.
 */
final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MathContext SIGNIFICANT = new MathContext(6);

    private JsonLine() {
    }

    static String of(Map<String, ?> object) {
        try {
            return MAPPER.writeValueAsString(figures(object));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("no JSON form for a value: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code v} with its floating-point numbers rounded, or null where they are not finite. */
    private static Object figures(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d).round(SIGNIFICANT).doubleValue() : null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, figures(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(JsonLine::figures).toList();
        }
        return v;
    }
}
