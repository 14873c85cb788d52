package dev.vecrnn.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedCorporaTest {

    @TempDir
    Path dir;

    @Test
    void aMissingCorpusSkipsLocallyAndFailsOnCi() {
        Path work = dir.resolve("checkout").resolve("app");
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> SharedCorpora.require("none.txt", Map.<String, String>of()::get, work));
        assertTrue(skip.getMessage().contains("none.txt"), skip.getMessage());
        AssertionFailedError fail = assertThrows(AssertionFailedError.class,
                () -> SharedCorpora.require("none.txt", Map.of("CI", "true")::get, work));
        assertTrue(fail.getMessage().contains("CI=true"), fail.getMessage());
        assertThrows(TestAbortedException.class,
                () -> SharedCorpora.require("none.txt", Map.of("CI", "false")::get, work), "CI=false is a local run");
    }

    @Test
    void foundBesideTheCheckoutFromAModuleFolder() throws IOException {
        Path data = Files.createDirectories(dir.resolve("shared").resolve("data"));
        Path corpus = Files.writeString(data.resolve("c.txt"), "text");
        Path module = Files.createDirectories(dir.resolve("checkout").resolve("tokenizers"));
        assertEquals(corpus, SharedCorpora.require("c.txt", Map.of("CI", "true")::get, module));
    }

    @Test
    void theDataVariableComesFirst() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path mine = Files.writeString(elsewhere.resolve("c.txt"), "mine");
        Path data = Files.createDirectories(dir.resolve("shared").resolve("data"));
        Files.writeString(data.resolve("c.txt"), "shared");
        assertEquals(mine, SharedCorpora.find("c.txt", elsewhere.toString(), dir));
        assertEquals(data.resolve("c.txt"), SharedCorpora.find("c.txt", dir.resolve("empty").toString(), dir),
                "a data folder without the file falls back to shared/data");
        assertNull(SharedCorpora.find("other.txt", elsewhere.toString(), dir));
    }

    @Test
    void onlyTrueMeansCi() {
        assertTrue(SharedCorpora.onCi("true"));
        assertTrue(SharedCorpora.onCi("TRUE "));
        assertFalse(SharedCorpora.onCi(null));
        assertFalse(SharedCorpora.onCi(""));
        assertFalse(SharedCorpora.onCi("0"));
    }
}
