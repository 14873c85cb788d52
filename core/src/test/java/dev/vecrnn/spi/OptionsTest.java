package dev.vecrnn.spi;

import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void typedGettersReadWhatWasGivenAndDefaultsOtherwise() {
        Options o = Options.parse("optimizer", "adam", List.of("beta1=0.8", "steps = 3", "nesterov=yes"));
        assertEquals(0.8, o.getDouble("beta1", 0.9));
        assertEquals(3, o.getInt("steps", 1));
        assertEquals(true, o.getBoolean("nesterov", false));
        assertEquals("x", o.getString("name", "x"));
        o.requireAllUsed();
        assertEquals(Map.of("beta1", "0.8", "steps", "3", "nesterov", "yes"), o.asGiven());
    }

    @Test
    void leftoversListTheAcceptedOptions() {
        Options o = Options.parse("tokenizer", "mine", List.of("size=2", "colour=red", "shape=x"));
        o.getInt("size", 1);
        o.getBoolean("lower", false);
        VecrnnException e = assertThrows(VecrnnException.class, o::requireAllUsed);
        assertEquals("unknown option 'colour', 'shape' for tokenizer 'mine'; it accepts: lower, size", e.getMessage());

        Options none = Options.parse("tokenizer", "char", List.of("x=1"));
        assertEquals("unknown option 'x' for tokenizer 'char'; it takes no options",
                assertThrows(VecrnnException.class, none::requireAllUsed).getMessage());
    }

    @Test
    void badValuesAndSyntax() {
        assertTrue(assertThrows(VecrnnException.class, () -> Options.parse("tokenizer", "t", List.of("novalue")))
                .getMessage().contains("must be written key=value"));
        assertTrue(assertThrows(VecrnnException.class, () -> Options.parse("tokenizer", "t", List.of("a=1", "a=2")))
                .getMessage().contains("given twice"));
        Options o = Options.parse("optimizer", "o", List.of("n=x", "b=maybe", "d=NaN", "r=2"));
        assertEquals("optimizer 'o' option n=x is not a whole number", assertThrows(VecrnnException.class, () -> o.getInt("n", 1)).getMessage());
        assertThrows(VecrnnException.class, () -> o.getBoolean("b", true));
        assertThrows(VecrnnException.class, () -> o.getDouble("d", 1));
        assertEquals("optimizer 'o' option r=2 is out of range: it must be > 0 and < 1",
                assertThrows(VecrnnException.class, () -> o.getDouble("r", 0.5, 0, 1, true, true)).getMessage());
    }
}
