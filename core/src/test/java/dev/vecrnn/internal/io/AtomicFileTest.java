package dev.vecrnn.internal.io;

import dev.vecrnn.testing.ReadOnlyFolder;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFileTest {

    @TempDir
    Path dir;

    private static AtomicFile.Writer text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFile.write(f, text("one"));
        AtomicFile.write(f, text("two"));
        assertEquals("two", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFile.write(f, text("good"));
        VecrnnException e = assertThrows(VecrnnException.class, () -> AtomicFile.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("good", Files.readString(f));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void leftoversOfKilledWritesAreRemovedButOtherFilesAreNot() throws IOException {
        Path f = dir.resolve("m.vrnn");
        Files.writeString(dir.resolve(".m.vrnn.123456789.tmp"), "partial");
        Files.writeString(dir.resolve(".m.vrnn.bak.123.tmp"), "someone else's");
        Files.writeString(dir.resolve(".m.vrnn.notes"), "keep");
        AtomicFile.write(f, text("x"));
        assertEquals(List.of(".m.vrnn.bak.123.tmp", ".m.vrnn.notes", "m.vrnn"), names());
    }

    @Test
    void newFilesGetTheUsualPermissionsAndReplacedFilesKeepTheirs() throws IOException {
        Path f = dir.resolve("a.txt");
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        AtomicFile.write(f, text("one"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f), "as a plain write would make it");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(f, text("two"));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void missingFolder() {
        VecrnnException e = assertThrows(VecrnnException.class,
                () -> AtomicFile.write(dir.resolve("no/such/a.txt"), text("x")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void targetIsAFolder() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        VecrnnException e = assertThrows(VecrnnException.class, () -> AtomicFile.checkWritable(dir.resolve("sub")));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void readOnlyFolderFailsBeforeAnyWorkAndKeepsTheOldFile() throws Exception {
        Path ro = dir.resolve("ro");
        Files.createDirectory(ro);
        Path f = ro.resolve("a.txt");
        Files.writeString(f, "old");
        try (ReadOnlyFolder folder = ReadOnlyFolder.make(ro)) {
            assertEquals(ro, folder.path());
            VecrnnException e = assertThrows(VecrnnException.class, () -> AtomicFile.checkWritable(f));
            assertTrue(e.getMessage().contains("is not writable"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertThrows(VecrnnException.class, () -> AtomicFile.write(f, text("new")));
            assertEquals("old", Files.readString(f));
        }
    }
}
