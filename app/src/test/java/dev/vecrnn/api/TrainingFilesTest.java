package dev.vecrnn.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files a {@link Training} may write, decided in {@link Training.Builder#build()}: never one it
 * reads, only its own kind of file unless forced, and one run at a time per model file. Each
 * refusal leaves the file it protects byte for byte as it was.
 */
class TrainingFilesTest {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog. ".repeat(40);

    @TempDir
    Path dir;

    private static TrainSettings tiny() {
        return TrainSettings.builder().hidden(8).seqLength(8).iterations(5).sampleEvery(0).build();
    }

    private Path text() throws IOException {
        Path t = dir.resolve("in.txt");
        Files.writeString(t, TEXT);
        return t;
    }

    private static Training.Builder run(Path text, Path out) {
        return Training.newRun(tiny()).text(TrainingText.file(text)).output(out).threads(1);
    }

    /** Builds {@code b}, expecting a refusal that leaves {@code kept} as it was; returns the message. */
    private static VecrnnException refused(Training.Builder b, Path kept) throws IOException {
        byte[] before = Files.readAllBytes(kept);
        VecrnnException e = assertThrows(VecrnnException.class, b::build);
        assertArrayEquals(before, Files.readAllBytes(kept), "the user's file is unchanged");
        assertFalse(named(e).contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void theTextIsNeverTheOutputWhateverItIsCalled() throws IOException {
        Path in = text();
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), in);
        Path hard = Files.createLink(dir.resolve("hard.txt"), in);
        for (Path[] pair : new Path[][] {{in, in}, {link, in}, {in, link}, {hard, in}, {in, hard},
                {in, dir.resolve("sub").resolve("..").resolve("in.txt")}}) {
            VecrnnException e = refused(run(pair[0], pair[1]), in);
            assertTrue(named(e).contains("is the same file as {data}"), e.getMessage());
            assertEquals(java.util.List.of("out", "data"), e.settings());
            // force replaces foreign files, never an input
            refused(run(pair[0], pair[1]).force(true), in);
        }
    }

    @Test
    void theBestModelFileIsNeverTheText() throws IOException {
        Path in = text();
        Files.move(in, dir.resolve("m.best.txt"));
        Path best = dir.resolve("m.best.txt");
        VecrnnException e = refused(run(best, dir.resolve("m.txt")), best);
        assertTrue(named(e).contains("the best-model file of {out}"), e.getMessage());
    }

    @Test
    void aResumedRunWritingElsewhereNeverWritesOverTheTextOrTheFileItResumes() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        run(in, m).build().run();
        VecrnnException e = refused(Training.resume(m).settings(s -> s.toBuilder().iterations(10).build()).output(in), in);
        assertTrue(named(e).startsWith("{out} " + in + " is the same file as {data} " + in), e.getMessage());
        // resuming m.best.vrnn into m.vrnn: m.vrnn's best twin is the file resumed
        Path best = dir.resolve("m.best.vrnn");
        Files.copy(m, best, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = refused(Training.resume(best).settings(s -> s.toBuilder().iterations(10).build()).output(m), best);
        assertTrue(named(e).startsWith("the best-model file of {out} " + best + " is the same file as {resume}"), e.getMessage());
        // writing back to the resumed file is what resuming does
        Training.resume(m).settings(s -> s.toBuilder().iterations(10).build()).build().run();
        assertEquals(10, ModelInfo.read(m).iterations());
    }

    @Test
    void aPluginJarIsNeverTheOutput() throws IOException {
        Path in = text();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("p.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, new Manifest())) {
            j.flush();
        }
        try (Plugins p = Plugins.load(plugins, true)) {
            VecrnnException e = refused(run(in, jar).plugins(p).force(true), jar);
            assertTrue(named(e).contains("{plugins}"), e.getMessage());
        }
    }

    @Test
    void onlyAModelFileIsReplacedUnlessForced() throws IOException {
        Path in = text();
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes");
        VecrnnException e = refused(run(in, notes), notes);
        assertTrue(named(e).contains("is not a vecrnn model file") && named(e).contains("{force}"), e.getMessage());
        assertEquals(java.util.List.of("out", "force"), e.settings());

        // the best twin as well
        Path m = dir.resolve("m.vrnn");
        Path best = dir.resolve("m.best.vrnn");
        Files.writeString(best, "not a model");
        refused(run(in, m), best);
        assertFalse(Files.exists(m));

        // a model file is replaced; so is anything, when forced
        Files.delete(best);
        run(in, m).build().run();
        byte[] first = Files.readAllBytes(m);
        Training.newRun(tiny().toBuilder().seed(7).build()).text(TrainingText.file(in)).output(m).threads(1).build().run();
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(m)), "the model file was replaced");
        run(in, notes).force(true).build().run();
        Path empty = Files.createFile(dir.resolve("empty.out"));
        run(in, empty).build().run();
        assertTrue(Model.load(empty).info().parameters() > 0, "an empty file holds nothing to lose: replaced");
        assertTrue(Model.load(notes).info().parameters() > 0, "forced: notes.txt is now a model");
    }

    @Test
    void oneRunWritesAModelFileAtATimeAndReadersStillReadIt() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        run(in, m).build().run();
        byte[] trained = Files.readAllBytes(m);
        try (Training first = run(in, m).build()) {
            VecrnnException e = refused(run(in, m), m);
            assertTrue(named(e).startsWith("another run is writing " + m), e.getMessage());
            // by another name of the same folder too
            refused(run(in, dir.resolve("sub").resolve("..").resolve("m.vrnn")), m);
            // the best twin is locked with it
            refused(run(in, dir.resolve("m.best.vrnn")), m);
            assertTrue(Model.load(m).info().parameters() > 0, "a reader does not need the lock");
            assertArrayEquals(trained, Files.readAllBytes(m));
            assertTrue(first.plan().output().equals(m));
        }
        // closed: the lock is released and its file removed
        assertFalse(Files.exists(dir.resolve(".m.vrnn.lock")));
        try (Training again = run(in, m).build()) {
            assertEquals(m, again.plan().output());
        }
    }

    @Test
    void aRefusedBuildReleasesWhatItLocked() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        // the lock is taken before the text is read: a text too short fails after it
        Path shortText = dir.resolve("short.txt");
        Files.writeString(shortText, "abc");
        assertThrows(VecrnnException.class, () -> run(shortText, m).build());
        try (Training t = run(in, m).build()) {
            assertEquals(m, t.plan().output());
        }
        assertEquals(java.util.List.of("in.txt", "short.txt"), names());
    }

    @Test
    void otherOutputsOfTheRunAreCheckedAgainstItsFiles() throws IOException {
        Path in = text();
        Path m = dir.resolve("m.vrnn");
        try (Training t = run(in, m).build()) {
            VecrnnException e = assertThrows(VecrnnException.class, () -> t.checkOtherOutputs("report", dir.resolve("x.html"), in));
            assertTrue(named(e).startsWith("{report} file " + in + " is the same file as {data}"), e.getMessage());
            e = assertThrows(VecrnnException.class, () -> t.checkOtherOutputs("report", m));
            assertTrue(named(e).contains("which the run writes"), e.getMessage());
            t.checkOtherOutputs("report", dir.resolve("index.html"));
        }
    }

    @Test
    void aReportFolderIsNewEmptyOrOurs() throws IOException {
        Path fresh = dir.resolve("a").resolve("b");
        ReportFolder.claim(fresh, "report", false);
        assertTrue(Files.exists(fresh.resolve(ReportFolder.MARKER)));
        Files.writeString(fresh.resolve("index.html"), "old report");
        ReportFolder.claim(fresh, "report", false); // ours: its files may be replaced

        Path empty = Files.createDirectories(dir.resolve("empty"));
        ReportFolder.claim(empty, "report", false);
        assertTrue(Files.exists(empty.resolve(ReportFolder.MARKER)));

        Path users = Files.createDirectories(dir.resolve("users"));
        Files.writeString(users.resolve("index.html"), "my page");
        VecrnnException e = assertThrows(VecrnnException.class, () -> ReportFolder.claim(users, "report", false));
        assertTrue(named(e).contains("holds files vecrnn did not write (index.html)") && named(e).contains("{force}"),
                e.getMessage());
        assertEquals(java.util.List.of("index.html"), list(users));
        assertEquals("my page", Files.readString(users.resolve("index.html")));
        ReportFolder.claim(users, "report", true);
        assertTrue(Files.exists(users.resolve(ReportFolder.MARKER)));

        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThrows(VecrnnException.class, () -> ReportFolder.claim(file, "report", true));
        assertEquals("x", Files.readString(file));
    }

    /** The message with each setting it names in braces, as {@link VecrnnException#about} templates have them. */
    private static String named(VecrnnException e) {
        return e.message(n -> "{" + n + "}");
    }

    private java.util.List<String> names() throws IOException {
        return list(dir);
    }

    private static java.util.List<String> list(Path d) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
