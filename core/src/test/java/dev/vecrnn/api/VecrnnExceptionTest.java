package dev.vecrnn.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Messages name settings by their API names, and a program renders them with its own. */
class VecrnnExceptionTest {

    @Test
    void settingsAreNamedAndRenamed() {
        VecrnnException e = VecrnnException.about("{seqLength} must be at least 1, not 0; see {file{x}}", "seqLength");
        assertEquals("seqLength must be at least 1, not 0; see {file{x}}", e.getMessage(), "braces that name no setting stay");
        assertEquals(List.of("seqLength"), e.settings());
        assertEquals("--seq-length must be at least 1, not 0; see {file{x}}", e.message(n -> "--seq-length"));
        VecrnnException plain = new VecrnnException("no such file: {a}");
        assertEquals("no such file: {a}", plain.message(n -> "!"));
        assertEquals(List.of(), plain.settings());
    }

    @Test
    void settingsValidateWithTheirNames() {
        VecrnnException e = assertThrows(VecrnnException.class, () -> TrainSettings.builder().seqLength(0).build());
        assertEquals("seqLength must be at least 1, not 0", e.getMessage());
        assertEquals(List.of("seqLength"), e.settings());
        e = assertThrows(VecrnnException.class, () -> TrainSettings.builder().clip(1.0).clipNorm(1.0).build());
        assertEquals("give either --clip or --clip-norm, not both",
                e.message(n -> n.equals("clip") ? "--clip" : "--clip-norm"));
        e = assertThrows(VecrnnException.class, () -> TrainSettings.builder().lrDecayEvery("2ep").build());
        assertEquals(List.of("lrDecayEvery", "lrDecay"), e.settings());
        e = assertThrows(VecrnnException.class, () -> TrainSettings.builder().lrDecay(0.9).lrDecayEvery("soon").build());
        assertEquals("lrDecayEvery 'soon' is not a number of iterations (e.g. 2000) or epochs (e.g. 1ep)", e.getMessage());
        e = assertThrows(VecrnnException.class, () -> SampleSettings.builder().topP(0).build());
        assertEquals("topP must be in (0, 1], not 0.0", e.getMessage());
        e = assertThrows(VecrnnException.class, () -> TrainSettings.builder().encoding("klingon").build());
        assertEquals(List.of("encoding"), e.settings());
    }
}
