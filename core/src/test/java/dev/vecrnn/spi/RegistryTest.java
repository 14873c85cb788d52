package dev.vecrnn.spi;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest {

    /** A tokenizer provider with a given name. */
    static class Named implements TokenizerProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public Tokenizer create(Options options) {
            return text -> List.of(text);
        }
    }

    static class Other extends Named {
        Other(String name) {
            super(name);
        }
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownNamesListTheKnownOnes() {
        Registry<TokenizerProvider> r = new Registry<>(TokenizerProvider.class, "tokenizer");
        Named a = new Named("Alpha");
        assertTrue(r.add(a, "built-in"));
        assertTrue(r.add(new Named("beta"), "x.jar"));
        assertSame(a, r.get("ALPHA"));
        assertSame(a, r.get(" alpha "));
        VecrnnException e = assertThrows(VecrnnException.class, () -> r.get("gamma"));
        assertTrue(e.getMessage().startsWith("unknown tokenizer 'gamma'; known tokenizers: Alpha, beta"), e.getMessage());
        assertEquals(List.of("built-in", "x.jar"), r.available().stream().map(Registry.Entry::origin).toList());
    }

    @Test
    void aNameTakenTwiceIsReportedAndTheFirstKept() {
        Registry<TokenizerProvider> r = new Registry<>(TokenizerProvider.class, "tokenizer");
        Named first = new Named("char");
        r.add(first, "built-in");
        assertFalse(r.add(new Other("CHAR"), "plugins/dup.jar"));
        assertSame(first, r.get("char"));
        assertEquals(List.of("plugins/dup.jar: tokenizer 'CHAR' is ignored: the name is already taken by built-in"), r.problems());
        assertFalse(r.add(new Named("char"), "again"), "the same class again (a reload) is not a problem");
        assertEquals(1, r.problems().size());
    }

    @Test
    void unusableNamesAreReported() {
        Registry<TokenizerProvider> r = new Registry<>(TokenizerProvider.class, "tokenizer");
        assertFalse(r.add(new Named("two words"), "a.jar"));
        assertFalse(r.add(new Named(null), "b.jar"));
        assertFalse(r.add(new Named("x") {
            @Override
            public String name() {
                throw new IllegalStateException("no name\nat all");
            }
        }, "c.jar"));
        assertEquals(3, r.problems().size());
        r.problems().forEach(p -> assertFalse(p.contains("\n"), p));
        assertTrue(r.problems().get(2).startsWith("c.jar: tokenizer provider"), r.problems().get(2));
        assertTrue(r.names().isEmpty());
    }

    @Test
    void builtInsHaveNoProblems() {
        // core alone has no providers on its class path; the registry is empty, not broken
        assertTrue(Registry.tokenizers().problems().isEmpty());
    }
}
