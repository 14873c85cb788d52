package dev.vecrnn.api;

import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.spi.TokenizerProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The tokenizers and optimizers a program can use: the built-in ones (from the class path, found
 * by {@link java.util.ServiceLoader}) and those of the plugin JARs in a folder, all JARs in one
 * class loader (so a plugin may ship its libraries as JARs beside it), open until
 * {@link #close()}. Problems with a JAR (not a zip, no provider, a provider that cannot be
 * created, a name already taken) do not stop anything: each is one line in {@link #problems()}
 * that names the JAR, and the JAR's good providers are still used.
 *
 * <p>{@link #builtIn()} is what {@link Model#load(java.nio.file.Path)} and {@link Training} use
 * when given no plugins.
 */
public final class Plugins implements AutoCloseable {
    private static final String BUILT_IN = "built-in";
    private static final List<String> SERVICES = List.of(
            "META-INF/services/" + TokenizerProvider.class.getName(),
            "META-INF/services/" + OptimizerProvider.class.getName());

    private final Registry<TokenizerProvider> tokenizers;
    private final Registry<OptimizerProvider> optimizers;
    private final URLClassLoader loader;
    private final List<String> folderProblems;
    private final List<Path> jars;

    private Plugins(Registry<TokenizerProvider> tokenizers, Registry<OptimizerProvider> optimizers,
                    URLClassLoader loader, List<String> folderProblems, List<Path> jars) {
        this.tokenizers = tokenizers;
        this.optimizers = optimizers;
        this.loader = loader;
        this.folderProblems = List.copyOf(folderProblems);
        this.jars = List.copyOf(jars);
    }

    /**
     * The built-in providers: one instance, found once (a class-path scan is slow), shared by every
     * caller; closing it does nothing.
     */
    public static Plugins builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** Holds the built-in providers, found when first asked for. */
    private static final class BuiltIn {
        static final Plugins INSTANCE = new Plugins(Registry.tokenizers(), Registry.optimizers(), null, List.of(), List.of());
    }

    /**
     * The built-ins and the providers of the JARs in {@code dir}. A missing folder gives the
     * built-ins alone unless {@code mustExist}; a folder that is a file is an error.
     */
    public static Plugins load(Path dir, boolean mustExist) {
        if (!Files.exists(dir)) {
            if (mustExist) {
                throw VecrnnException.about("plugin folder " + dir + " does not exist; give a folder of plugin JARs with {plugins}",
                        "plugins");
            }
            return builtIn();
        }
        if (!Files.isDirectory(dir)) {
            throw VecrnnException.about("plugin folder " + dir + " is a file, not a folder; give a folder of plugin JARs with {plugins}",
                    "plugins");
        }
        List<Path> jars = jars(dir);
        if (jars.isEmpty()) {
            return builtIn();
        }
        List<String> problems = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        Map<String, String> declared = new LinkedHashMap<>(); // provider class name -> JAR
        Map<URL, String> origins = new LinkedHashMap<>();
        for (Path jar : jars) {
            String origin = jar.toString();
            List<String> names;
            try {
                names = declaredProviders(jar);
            } catch (IOException e) {
                problems.add(origin + ": not a JAR file (" + oneLine(e) + "); it is skipped");
                continue;
            }
            if (names.isEmpty()) {
                problems.add(origin + ": holds no tokenizer or optimizer provider (no " + SERVICES.get(0) + " or "
                        + SERVICES.get(1) + " file)");
            }
            names.forEach(n -> declared.putIfAbsent(n, origin));
            try {
                URL url = jar.toUri().toURL();
                urls.add(url);
                origins.put(url, origin);
            } catch (MalformedURLException e) {
                problems.add(origin + ": cannot be loaded (" + oneLine(e) + ")");
            }
        }
        Registry<TokenizerProvider> tokenizers = Registry.tokenizers();
        Registry<OptimizerProvider> optimizers = Registry.optimizers();
        if (urls.isEmpty()) {
            return new Plugins(tokenizers, optimizers, null, problems, jars);
        }
        URLClassLoader loader = new URLClassLoader("vecrnn-plugins", urls.toArray(new URL[0]), Plugins.class.getClassLoader());
        Registry.Origins where = new JarOrigins(origins, declared, dir);
        tokenizers.reload(loader, where);
        optimizers.reload(loader, where);
        return new Plugins(tokenizers, optimizers, loader, problems, jars);
    }

    /** The plugin JAR files found in the folder (a training run never writes over them). */
    public List<Path> jars() {
        return jars;
    }

    /** The tokenizer providers by name. */
    public Registry<TokenizerProvider> tokenizers() {
        return tokenizers;
    }

    /** The optimizer providers by name. */
    public Registry<OptimizerProvider> optimizers() {
        return optimizers;
    }

    /** One line per problem: unreadable JARs, JARs without providers, providers left out, names taken twice. */
    public List<String> problems() {
        List<String> all = new ArrayList<>(folderProblems);
        all.addAll(tokenizers.problems());
        all.addAll(optimizers.problems());
        return all;
    }

    /** Closes the plugin JARs; the built-in providers need no closing. */
    @Override
    public void close() {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the run is over; a JAR that does not close cleanly changes nothing
            }
        }
    }

    /** The {@code *.jar} files of {@code dir}, sorted by name so that the first of two same names is predictable. */
    private static List<Path> jars(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        } catch (IOException e) {
            throw new VecrnnException("cannot read plugin folder " + dir + ": " + oneLine(e));
        }
        jars.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return jars;
    }

    /** The provider class names a JAR's service files list; an IOException if it is not a readable zip. */
    private static List<String> declaredProviders(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (String service : SERVICES) {
                ZipEntry e = jf.getEntry(service);
                if (e == null) {
                    continue;
                }
                try (InputStream in = jf.getInputStream(e);
                     BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        int hash = line.indexOf('#');
                        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        }
        return names;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return (e.getClass().getSimpleName() + (m == null ? "" : ": " + m)).replaceAll("\\s*\\R\\s*", " ");
    }

    /** Finds a provider's JAR from its class's code source, or from the class names the JARs declare. */
    private static final class JarOrigins implements Registry.Origins {
        private final Map<URL, String> byUrl;
        private final Map<String, String> byClass;
        private final String fallback;

        JarOrigins(Map<URL, String> byUrl, Map<String, String> byClass, Path dir) {
            this.byUrl = byUrl;
            this.byClass = byClass;
            this.fallback = "plugin folder " + dir;
        }

        @Override
        public String of(Class<?> c) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                for (Map.Entry<URL, String> e : byUrl.entrySet()) {
                    if (sameFile(e.getKey(), cs.getLocation())) {
                        return e.getValue();
                    }
                }
            }
            String jar = byClass.get(c.getName());
            return jar != null ? jar : c.getClassLoader() == Plugins.class.getClassLoader() ? BUILT_IN : fallback;
        }

        @Override
        public String ofFailure(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String m = String.valueOf(t.getMessage()).replace('/', '.');
                for (Map.Entry<String, String> e : byClass.entrySet()) {
                    if (m.contains(e.getKey())) {
                        return e.getValue();
                    }
                }
            }
            return fallback;
        }

        private static boolean sameFile(URL a, URL b) {
            try {
                return Path.of(a.toURI()).equals(Path.of(b.toURI()));
            } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return a.toExternalForm().equals(b.toExternalForm());
            }
        }
    }
}
