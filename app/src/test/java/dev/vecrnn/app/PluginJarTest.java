package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.spi.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A third party's tokenizer and optimizer, compiled at test time against the core classes only,
 * packed into JARs and used through the command line by name; and the ways a plugin JAR can be
 * broken.
 */
class PluginJarTest {
    private static final String PKG = "org.example.vecrnn";
    private static final String TOK_SERVICE = "META-INF/services/dev.vecrnn.spi.TokenizerProvider";
    private static final String OPT_SERVICE = "META-INF/services/dev.vecrnn.spi.OptimizerProvider";

    private static final Map<String, String> SOURCES = Map.of(
            "ChunkTokenizerProvider", """
                    package org.example.vecrnn;
                    import dev.vecrnn.spi.*;
                    import java.util.*;
                    public final class ChunkTokenizerProvider implements TokenizerProvider {
                        public String name() { return "chunks"; }
                        public String description() { return "fixed-size runs of code points"; }
                        public Tokenizer create(Options o) {
                            int size = o.getInt("size", 2);
                            return text -> {
                                List<String> out = new ArrayList<>();
                                int i = 0;
                                while (i < text.length()) {
                                    int end = i;
                                    for (int k = 0; k < size && end < text.length(); k++) {
                                        end += Character.charCount(text.codePointAt(end));
                                    }
                                    out.add(text.substring(i, end));
                                    i = end;
                                }
                                return out;
                            };
                        }
                    }
                    """,
            "PlainSgdProvider", """
                    package org.example.vecrnn;
                    import dev.vecrnn.spi.*;
                    import java.util.*;
                    /** RMSProp written from the public building blocks only, as a third party would. */
                    public final class PlainSgdProvider implements OptimizerProvider {
                        public String name() { return "plainsgd"; }
                        public String description() { return "ms = 0.9 ms + 0.1 g^2; w -= lr * scale * g / (sqrt(ms) + 1e-8)"; }
                        public double defaultLearningRate() { return 0.05; }
                        public Optimizer create(Options o) {
                            double scale = o.getDouble("scale", 1.0);
                            return new Optimizer() {
                                final Map<String, float[]> ms = new HashMap<>();
                                long steps;
                                public int stateSlots() { return 1; }
                                public void step(List<? extends Parameter> params, float lr, VectorOps k) {
                                    for (Parameter p : params) {
                                        float[] m = ms.computeIfAbsent(p.name() + "/ms", x -> new float[p.size()]);
                                        k.movingSquareAverage(m, 0, p.gradient(), 0, p.size(), 0.9f);
                                        k.rootScaledStep(p.weights(), 0, p.gradient(), 0, m, 0, p.size(), (float) (lr * scale), 1e-8f);
                                    }
                                    steps++;
                                }
                                public OptimizerState state() { return new OptimizerState(steps, ms); }
                                public void restore(OptimizerState s) { steps = s.steps(); ms.putAll(s.arrays()); }
                            };
                        }
                    }
                    """,
            "BoomProvider", """
                    package org.example.vecrnn;
                    import dev.vecrnn.spi.*;
                    public final class BoomProvider implements TokenizerProvider {
                        public BoomProvider() { throw new IllegalStateException("boom: no licence key"); }
                        public String name() { return "boom"; }
                        public String description() { return "never made"; }
                        public Tokenizer create(Options o) { return null; }
                    }
                    """,
            "DupCharProvider", """
                    package org.example.vecrnn;
                    import dev.vecrnn.spi.*;
                    import java.util.*;
                    public final class DupCharProvider implements TokenizerProvider {
                        public String name() { return "Char"; }
                        public String description() { return "a second char"; }
                        public Tokenizer create(Options o) { return text -> List.of(text); }
                    }
                    """);

    @TempDir
    static Path work;
    static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        Path src = Files.createDirectories(work.resolve("src"));
        classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", coreClasses(), "--release", "17"));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            args.add(Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue()).toString());
        }
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, args.toArray(new String[0]));
        assertEquals(0, rc, diag.toString(StandardCharsets.UTF_8));
    }

    /** Where the core classes are (a folder or a JAR): the only thing a plugin compiles against. */
    private static String coreClasses() throws Exception {
        return Path.of(Tokenizer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** A JAR of the given compiled classes with the given service files. */
    private static Path jar(Path dir, String name, List<String> classNames, Map<String, String> services) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream fo = Files.newOutputStream(jar); JarOutputStream jo = new JarOutputStream(fo)) {
            for (String c : classNames) {
                String entry = (PKG + "." + c).replace('.', '/') + ".class";
                try (Stream<Path> s = Files.walk(classes)) {
                    for (Path f : (Iterable<Path>) s.filter(p -> classes.relativize(p).toString().replace('\\', '/')
                            .matches(entry.replace(".class", "") + "(\\$.*)?\\.class"))::iterator) {
                        jo.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                        jo.write(Files.readAllBytes(f));
                        jo.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, String> e : services.entrySet()) {
                jo.putNextEntry(new JarEntry(e.getKey()));
                jo.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                jo.closeEntry();
            }
        }
        return jar;
    }

    private static Path goodPlugins(Path dir) throws IOException {
        Files.createDirectories(dir);
        jar(dir, "chunks.jar", List.of("ChunkTokenizerProvider"), Map.of(TOK_SERVICE, PKG + ".ChunkTokenizerProvider\n"));
        jar(dir, "plainsgd.jar", List.of("PlainSgdProvider"), Map.of(OPT_SERVICE, "# a comment\n" + PKG + ".PlainSgdProvider\n"));
        return dir;
    }

    private static Path corpus(Path dir) throws IOException {
        return Files.writeString(dir.resolve("corpus.txt"), "the quick brown fox jumps over the lazy dog\n".repeat(20));
    }

    @Test
    void pluginsListsEachProviderWithItsJar(@TempDir Path dir) throws Exception {
        Path plugins = goodPlugins(dir.resolve("plugins"));
        Cli r = Cli.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("KIND +NAME +FROM +DESCRIPTION"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("tokenizer +chunks +" + Pat.q(plugins.resolve("chunks.jar"))
                + " +fixed-size runs of code points")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("optimizer +plainsgd +" + Pat.q(plugins.resolve("plainsgd.jar"))
                + " +ms = 0.9 ms \\+ 0.1 g\\^2; w -= lr \\* scale \\* g / \\(sqrt\\(ms\\) \\+ 1e-8\\)")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("tokenizer +jieba +built-in +.*")), r.out());
        assertEquals(11, lines.size(), "header, 4 built-in tokenizers, 4 built-in optimizers, 2 plugins: " + r.out());
    }

    @Test
    void trainsAndSamplesWithThePluginsByName(@TempDir Path dir) throws Exception {
        Path plugins = goodPlugins(dir.resolve("plugins"));
        Path model = dir.resolve("m.vrnn");
        Cli r = Cli.run(Cli.concat(new String[] {"train", "--plugins", plugins.toString(), "--data", corpus(dir).toString(),
                "--tokenizer", "CHUNKS", "--tokenizer-opt", "size=3", "--optimizer", "plainsgd", "--optimizer-opt", "scale=0.5",
                "--iterations", "12", "--out", model.toString()}, Cli.TINY));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        Checkpoint cp = Checkpoint.read(model);
        assertEquals("chunks", cp.tokenizer);
        assertEquals(Map.of("size", "3"), cp.tokenizerOptions);
        assertEquals("plainsgd", cp.optimizer);
        assertEquals(Map.of("scale", "0.5"), cp.optimizerOptions);
        assertEquals(12, cp.optimizerState.steps(), "the plugin optimizer made every update");
        assertEquals(cp.model.params().size(), cp.optimizerState.arrays().size(), "and kept its state, saved with the model");
        assertTrue(cp.vocabulary.pieces().contains("the"), cp.vocabulary.pieces().toString());
        assertTrue(cp.vocabulary.pieces().stream().allMatch(p -> p.codePointCount(0, p.length()) <= 3));

        Cli s = Cli.run("sample", "--plugins", plugins.toString(), "--model", model.toString(), "--length", "10", "--seed", "1");
        assertEquals(0, s.code(), s.err());
        assertFalse(s.out().isBlank());

        String m = Cli.run("sample", "--model", model.toString(), "--length", "10").userError();
        assertTrue(m.startsWith("vecrnn: unknown tokenizer 'chunks'; known tokenizers: char, byte, word, jieba"), m);
        assertTrue(m.contains("--plugins"), m);
    }

    @Test
    void anUnknownPluginOptionListsTheAcceptedOnes(@TempDir Path dir) throws Exception {
        Path plugins = goodPlugins(dir.resolve("plugins"));
        Cli r = Cli.run(Cli.concat(new String[] {"train", "--plugins", plugins.toString(), "--data", corpus(dir).toString(),
                "--tokenizer", "chunks", "--tokenizer-opt", "width=3", "--out", dir.resolve("m.vrnn").toString()}, Cli.TINY));
        assertEquals("vecrnn: unknown option 'width' for tokenizer 'chunks'; it accepts: size", r.userError());
        assertFalse(Files.exists(dir.resolve("m.vrnn")));
    }

    @Test
    void eachBrokenJarGetsOneLineAndTheRestStillWorks(@TempDir Path dir) throws Exception {
        Path plugins = goodPlugins(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("notazip.jar"), "this is not a zip file");
        jar(plugins, "empty.jar", List.of(), Map.of());
        jar(plugins, "boom.jar", List.of("BoomProvider"), Map.of(TOK_SERVICE, PKG + ".BoomProvider\n"));
        jar(plugins, "dup.jar", List.of("DupCharProvider"), Map.of(TOK_SERVICE, PKG + ".DupCharProvider\n"));
        jar(plugins, "missing.jar", List.of(), Map.of(OPT_SERVICE, PKG + ".NotThere\n"));
        Files.writeString(plugins.resolve("README.txt"), "not a JAR: ignored");

        Cli r = Cli.run("plugins", "--plugins", plugins.toString());
        assertEquals(0, r.code(), r.err());
        List<String> warnings = r.errLines();
        assertEquals(5, warnings.size(), r.err());
        for (String jar : List.of("boom.jar", "dup.jar", "empty.jar", "missing.jar", "notazip.jar")) {
            String prefix = "vecrnn: warning: " + plugins.resolve(jar) + ": ";
            assertEquals(1, warnings.stream().filter(w -> w.startsWith(prefix)).count(), jar + " in " + r.err());
        }
        assertTrue(r.err().contains(plugins.resolve("notazip.jar") + ": not a JAR file"), r.err());
        assertTrue(r.err().contains(plugins.resolve("empty.jar") + ": holds no tokenizer or optimizer provider"), r.err());
        assertTrue(r.err().contains("org.example.vecrnn.BoomProvider cannot be created: IllegalStateException: boom: no licence key"), r.err());
        assertTrue(r.err().contains(plugins.resolve("dup.jar") + ": tokenizer 'Char' is ignored: the name is already taken by built-in"), r.err());
        assertTrue(r.err().contains(plugins.resolve("missing.jar") + ": cannot load optimizer provider: ")
                && r.err().contains("org.example.vecrnn.NotThere"), r.err());
        assertTrue(r.out().contains("chunks"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("tokenizer +char +built-in +.*")), r.out());

        Path model = dir.resolve("m.vrnn");
        Cli t = Cli.run(Cli.concat(new String[] {"train", "--plugins", plugins.toString(), "--data", corpus(dir).toString(),
                "--tokenizer", "chunks", "--iterations", "2", "--out", model.toString()}, Cli.TINY));
        assertEquals(0, t.code(), "a broken JAR does not stop a run that does not need it: " + t.err());
        assertEquals(5, t.errLines().size(), t.err());
        assertTrue(Files.exists(model));

        Cli b = Cli.run(Cli.concat(new String[] {"train", "--plugins", plugins.toString(), "--data", corpus(dir).toString(),
                "--tokenizer", "boom", "--out", dir.resolve("b.vrnn").toString()}, Cli.TINY));
        assertEquals(Main.USER_ERROR, b.code());
        assertTrue(b.err().contains("vecrnn: unknown tokenizer 'boom'"), b.err());
        assertFalse(Files.exists(dir.resolve("b.vrnn")));
    }

    /** Regex quoting for paths. */
    private static final class Pat {
        static String q(Path p) {
            return java.util.regex.Pattern.quote(p.toString());
        }
    }
}
