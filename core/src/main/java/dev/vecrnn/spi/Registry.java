package dev.vecrnn.spi;

import dev.vecrnn.api.VecrnnException;

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

    /** Says where a provider came from, for listings and messages. */
    public interface Origins {
        /** The origin of a loaded provider class, e.g. the JAR it is in. */
        String of(Class<?> providerClass);

        /** The origin of a provider that could not be loaded; {@code error} names its class. */
        String ofFailure(Throwable error);

        /** Everything from one place. */
        static Origins fixed(String origin) {
            return new Origins() {
                @Override
                public String of(Class<?> providerClass) {
                    return origin;
                }

                @Override
                public String ofFailure(Throwable error) {
                    return origin;
                }
            };
        }
    }

    /** {@link #reload(ClassLoader, Origins)} with every provider from {@code origin}. */
    public synchronized void reload(ClassLoader loader, String origin) {
        reload(loader, Origins.fixed(origin));
    }

    /**
     * Adds every provider that {@code loader} offers and this registry does not have yet.
     * Providers already known (same class) are skipped silently, so reloading with a child
     * loader of the built-in one adds only the new ones. A provider that cannot be loaded or
     * created, or whose name is taken, is left out and recorded in {@link #problems()}.
     */
    public synchronized void reload(ClassLoader loader, Origins origins) {
        var it = ServiceLoader.load(type, loader).stream().iterator();
        int failures = 0;
        while (true) {
            ServiceLoader.Provider<P> sp;
            try {
                if (!it.hasNext()) {
                    break;
                }
                sp = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(origins.ofFailure(e) + ": cannot load " + kind + " provider: " + describe(e));
                if (++failures > 1000) {
                    break; // a loader that fails the same way forever; what was recorded says why
                }
                continue;
            }
            String origin = origins.of(sp.type());
            P p;
            try {
                p = sp.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                problems.add(origin + ": " + kind + " provider " + sp.type().getName()
                        + " cannot be created: " + describe(e));
                continue;
            }
            add(p, origin);
        }
    }

    /** Registers one provider; returns false (and records why) if its name is taken or unusable. */
    public synchronized boolean add(P p, String origin) {
        String name;
        try {
            name = p.name();
        } catch (RuntimeException | LinkageError e) {
            problems.add(origin + ": " + kind + " provider " + p.getClass().getName() + " has no name: " + describe(e));
            return false;
        }
        if (name == null || name.isBlank() || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add(origin + ": " + kind + " provider " + p.getClass().getName() + " is ignored: its name "
                    + (name == null ? "is null" : "'" + oneLine(name) + "' is empty or has spaces"));
            return false;
        }
        String key = key(name);
        Entry<P> old = byName.get(key);
        if (old != null) {
            if (old.provider().getClass() != p.getClass()) {
                problems.add(origin + ": " + kind + " '" + name + "' is ignored: the name is already taken by "
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
            throw VecrnnException.about("unknown " + kind + " '" + name + "'; known " + kind + "s: "
                    + String.join(", ", names()) + " (plugin JARs add more: put them in the {plugins} folder)", kind, "plugins");
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

    /** An error in one line: the root cause's type and message, or the message alone. */
    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m;
        if (c != t) {
            m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        } else {
            m = String.valueOf(t.getMessage());
            String prefix = "dev.vecrnn.spi.";
            if (m.startsWith(prefix)) {
                int colon = m.indexOf(": ");
                m = colon < 0 ? m : m.substring(colon + 2);
            }
            if (!(t instanceof ServiceConfigurationError)) {
                m = t.getClass().getSimpleName() + ": " + m;
            }
        }
        return oneLine(m);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
