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

    String opt(String key, String def) {
        return p.getOrDefault(key, def);
    }

    /** A comma-separated list of integers ("2000,10000"), empty when absent. */
    int[] optInts(String key) {
        String v = p.get(key);
        if (v == null) {
            return new int[0];
        }
        String[] parts = v.split(",", -1);
        int[] a = new int[parts.length];
        try {
            for (int i = 0; i < a.length; i++) {
                a[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new VecrnnException(what + " is corrupted: " + ModelFile.cut(key) + " is not a list of whole numbers");
        }
        return a;
    }

    boolean optBoolean(String key) {
        String v = p.get(key);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new VecrnnException(what + " is corrupted: " + ModelFile.cut(key) + " is neither true nor false");
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
