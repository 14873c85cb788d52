package dev.vecrnn.internal.io;

import dev.vecrnn.api.VecrnnException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Typed access to the properties, with one-line errors that name the file and the key. */
final class Fields {
    private final Map<String, String> p;
    final String what;

    Fields(Map<String, String> p, String what) {
        this.p = p;
        this.what = what;
    }

    String req(String key) {
        String v = p.get(key);
        if (v == null) {
            throw new VecrnnException(what + " is incomplete: it has no " + ModelFile.cut(key));
        }
        return v;
    }

    int reqInt(String key) {
        long v = reqLong(key);
        if (v != (int) v) {
            throw notANumber(key);
        }
        return (int) v;
    }

    long reqLong(String key) {
        try {
            return Long.parseLong(req(key));
        } catch (NumberFormatException e) {
            throw notANumber(key);
        }
    }

    long optLong(String key, long def) {
        return p.containsKey(key) ? reqLong(key) : def;
    }

    double optDouble(String key, double def) {
        String v = p.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw notANumber(key);
        }
    }

    Double optDoubleOrNull(String key) {
        return p.containsKey(key) ? optDouble(key, 0) : null;
    }

    Float optFloat(String key) {
        return p.containsKey(key) ? (float) optDouble(key, 0) : null;
    }

    Integer optIntOrNull(String key) {
        return p.containsKey(key) ? reqInt(key) : null;
    }

    Map<String, String> withPrefix(String prefix) {
        Map<String, String> m = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return m;
    }

    private VecrnnException notANumber(String key) {
        return new VecrnnException(what + " is corrupted: " + ModelFile.cut(key) + " is not a valid number");
    }
}
