package dev.vecrnn.spi;

import dev.vecrnn.api.VecrnnException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code key=value} options given to a provider's {@code create}. Typed getters remove what
 * they read, so that after {@code create} anything left over is an option the provider does not
 * know; {@link #requireAllUsed} turns that into an error that lists the accepted ones.
 */
public final class Options {
    private final String kind;
    private final String provider;
    private final Map<String, String> values;
    private final Map<String, String> original;
    private final Map<String, String> accepted = new TreeMap<>();

    public Options(String kind, String provider, Map<String, String> values) {
        this.kind = kind;
        this.provider = provider;
        this.values = new LinkedHashMap<>(values);
        this.original = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Options empty(String kind, String provider) {
        return new Options(kind, provider, Map.of());
    }

    /** Parses {@code key=value} strings as typed on the command line. */
    public static Options parse(String kind, String provider, List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new VecrnnException("option '" + p + "' for " + kind + " '" + provider
                        + "' must be written key=value");
            }
            String key = p.substring(0, eq).trim();
            if (m.put(key, p.substring(eq + 1).trim()) != null) {
                throw new VecrnnException("option '" + key + "' for " + kind + " '" + provider + "' is given twice");
            }
        }
        return new Options(kind, provider, m);
    }

    /** The options exactly as given, for storing in a model file. */
    public Map<String, String> asGiven() {
        return original;
    }

    public String getString(String key, String def) {
        accepted.put(key, def);
        String v = values.remove(key);
        return v == null ? def : v;
    }

    public int getInt(String key, int def) {
        String v = take(key, Integer.toString(def));
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a whole number");
        }
    }

    public double getDouble(String key, double def) {
        String v = take(key, Double.toString(def));
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw bad(key, v, "a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    public boolean getBoolean(String key, boolean def) {
        String v = take(key, Boolean.toString(def));
        if (v == null) {
            return def;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw bad(key, v, "true or false");
        }
    }

    /** A number that must lie in [min, max] (use infinities for open ends). */
    public double getDouble(String key, double def, double min, double max, boolean minOpen, boolean maxOpen) {
        double d = getDouble(key, def);
        boolean low = minOpen ? d <= min : d < min;
        boolean high = maxOpen ? d >= max : d > max;
        if (low || high) {
            throw new VecrnnException(kind + " '" + provider + "' option " + key + "=" + fmt(d) + " is out of range: it must be "
                    + range(min, max, minOpen, maxOpen));
        }
        return d;
    }

    private static String range(double min, double max, boolean minOpen, boolean maxOpen) {
        StringBuilder s = new StringBuilder();
        if (min != Double.NEGATIVE_INFINITY) {
            s.append(minOpen ? "> " : ">= ").append(fmt(min));
        }
        if (max != Double.POSITIVE_INFINITY) {
            if (s.length() > 0) {
                s.append(" and ");
            }
            s.append(maxOpen ? "< " : "<= ").append(fmt(max));
        }
        return s.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private String take(String key, String def) {
        accepted.put(key, def);
        return values.remove(key);
    }

    private VecrnnException bad(String key, String v, String what) {
        return new VecrnnException(kind + " '" + provider + "' option " + key + "=" + v + " is not " + what);
    }

    /** Fails with a message listing the accepted options if any given option was not read. */
    public void requireAllUsed() {
        if (values.isEmpty()) {
            return;
        }
        String unknown = String.join("', '", values.keySet());
        String known = accepted.isEmpty() ? "it takes no options"
                : "it accepts: " + String.join(", ", accepted.keySet());
        throw new VecrnnException("unknown option '" + unknown + "' for " + kind + " '" + provider + "'; " + known);
    }
}
