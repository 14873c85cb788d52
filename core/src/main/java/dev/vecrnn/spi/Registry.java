package dev.vecrnn.spi;

import dev.vecrnn.util.UserException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The providers of one SPI, by case-insensitive name. Built-ins come from the class path;
 * {@link #reload(ClassLoader, String)} adds those of a plugin class loader without dropping
 * them. A name offered twice keeps the first provider and is recorded in {@link #problems()}.
 */
public final class Registry<P extends Provider> {

    /** A provider and where it came from (a JAR name, or "built-in"). */
    public record Entry<P>(P provider, String origin) {
    }

    private final Class<P> type;
    private final String kind;
    private final Map<String, Entry<P>> byName = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    public Registry(Class<P> type, String kind) {
        this.type = type;
        this.kind = kind;
    }

    public static Registry<TokenizerProvider> tokenizers() {
        Registry<TokenizerProvider> r = new Registry<>(TokenizerProvider.class, "tokenizer");
        r.reload(Registry.class.getClassLoader(), "built-in");
        return r;
    }

    public static Registry<OptimizerProvider> optimizers() {
        Registry<OptimizerProvider> r = new Registry<>(OptimizerProvider.class, "optimizer");
        r.reload(Registry.class.getClassLoader(), "built-in");
        return r;
    }

    public String kind() {
        return kind;
    }

    /**
     * Adds every provider that {@code loader} offers and this registry does not have yet.
     * Providers already known (same class) are skipped silently, so reloading with a child
     * loader of the built-in one adds only the new ones.
     */
    public synchronized void reload(ClassLoader loader, String origin) {
        var it = ServiceLoader.load(type, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<P> sp;
            try {
                if (!it.hasNext()) {
                    break;
                }
                sp = it.next();
            } catch (ServiceConfigurationError e) {
                problems.add(origin + ": " + rootMessage(e));
                continue;
            }
            P p;
            try {
                p = sp.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(origin + ": " + kind + " provider " + sp.type().getName()
                        + " cannot be created: " + rootMessage(e));
                continue;
            }
            add(p, origin);
        }
    }

    /** Registers one provider; returns false (and records why) if its name is taken. */
    public synchronized boolean add(P p, String origin) {
        String key = key(p.name());
        Entry<P> old = byName.get(key);
        if (old != null) {
            if (old.provider().getClass() != p.getClass()) {
                problems.add(kind + " '" + p.name() + "' from " + origin + " is ignored: the name is already taken by "
                        + old.origin());
            }
            return false;
        }
        byName.put(key, new Entry<>(p, origin));
        return true;
    }

    /** The provider called {@code name}, or an error that lists the known names. */
    public synchronized P get(String name) {
        Entry<P> e = byName.get(key(name));
        if (e == null) {
            throw new UserException("unknown " + kind + " '" + name + "'; known " + kind + "s: "
                    + String.join(", ", names()));
        }
        return e.provider();
    }

    public synchronized List<String> names() {
        List<String> names = new ArrayList<>();
        for (Entry<P> e : byName.values()) {
            names.add(e.provider().name());
        }
        return names;
    }

    public synchronized List<Entry<P>> available() {
        return List.copyOf(byName.values());
    }

    /** Duplicate names and providers that could not be loaded, one line each. */
    public synchronized List<String> problems() {
        return Collections.unmodifiableList(new ArrayList<>(problems));
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c == t ? String.valueOf(m) : t.getMessage() + " (" + c.getClass().getSimpleName()
                + (m == null ? "" : ": " + m) + ")";
    }
}
