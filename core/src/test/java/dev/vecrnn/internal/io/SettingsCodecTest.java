package dev.vecrnn.internal.io;

import dev.vecrnn.api.CellType;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings in model-file properties: written and read back, and read from files written before settings were kept. */
class SettingsCodecTest {

    @Test
    void everySettingSurvivesTheRoundTrip() {
        TrainSettings s = TrainSettings.builder().cell(CellType.LSTM).hidden(64).layers(3).dropout(0.25f).forgetBias(2f)
                .encoding("GBK").tokenizer("jieba").tokenizerOptions(Map.of("hmm", "false")).minCount(2).maxVocab(9000)
                .seqLength(35).batchSize(32).iterations(12345).seed(-7).optimizer("adam")
                .optimizerOptions(Map.of("beta1", "0.8", "eps", "1e-6")).learningRate(2e-3).lrDecay(0.97)
                .lrDecayEvery("2ep").lrDecayAfter("1000").clipNorm(5.0).sampleEvery(0).sampleLength(7).valFraction(0.1)
                .evalEvery(250).checkpointEvery(0).build();
        assertEquals(s, SettingsCodec.read(SettingsCodec.write(s), "f"));
        TrainSettings d = TrainSettings.defaults();
        Map<String, String> written = SettingsCodec.write(d);
        assertEquals(d, SettingsCodec.read(written, "f"));
        assertTrue(!written.containsKey("settings.learningRate"), "an optional setting left to its default is not written");
    }

    /** The properties of a model file written before settings were kept, by the command line of that time. */
    private static Map<String, String> legacy() {
        Map<String, String> p = new HashMap<>();
        p.put("model.cell", "lstm");
        p.put("model.vocab", "65");
        p.put("model.hidden", "128");
        p.put("model.layers", "2");
        p.put("model.dropout", "0.1");
        p.put("tokenizer.name", "char");
        p.put("optimizer.name", "adam");
        p.put("optimizer.opt.beta2", "0.99");
        p.put("data.encoding", "UTF-8");
        p.put("train.seqLength", "50");
        p.put("train.batchSize", "50");
        p.put("train.seed", "3");
        p.put("train.valFraction", "0.05");
        p.put("train.iterations", "800");
        p.put("train.lr", "0.002");
        p.put("train.clip", "value 5.0");
        p.put("train.lrSchedule", "constant");
        p.put("train.lrDecay", "1.0");
        p.put("train.lrDecayEvery", "1ep");
        p.put("train.lrDecayAfter", "0it");
        p.put("train.sampleEvery", "100");
        p.put("train.sampleLength", "200");
        p.put("train.evalEvery", "500");
        p.put("train.checkpointEvery", "1000");
        p.put("train.option.min-count", "1");
        p.put("train.option.max-vocab", "0");
        p.put("train.option.forget-bias", "");
        return p;
    }

    @Test
    void filesWrittenBeforeSettingsAreReadFromWhatTheyHold() {
        TrainSettings s = SettingsCodec.read(legacy(), "old.vrnn");
        assertEquals(CellType.LSTM, s.cell());
        assertEquals(128, s.hidden());
        assertEquals(0.1f, s.dropout());
        assertEquals(50, s.seqLength());
        assertEquals(50, s.batchSize());
        assertEquals(3, s.seed());
        assertEquals(800, s.iterations());
        assertEquals(0.002, s.learningRate());
        assertEquals(5.0, s.clip());
        assertNull(s.lrDecay(), "a factor of 1 is a constant rate");
        assertNull(s.forgetBias(), "the default bias");
        assertEquals(Map.of("beta2", "0.99"), s.optimizerOptions());
        assertEquals(0.05, s.valFraction());
        assertEquals(500, s.evalEvery());
    }

    @Test
    void legacyClippingAndDecayAreTranslated() {
        Map<String, String> p = legacy();
        p.put("train.clip", "norm 1.5");
        p.put("train.lrDecay", "0.97");
        p.put("train.lrDecayAfter", "10ep");
        TrainSettings s = SettingsCodec.read(p, "old.vrnn");
        assertEquals(1.5, s.clipNorm());
        assertNull(s.clip());
        assertEquals(0.97, s.lrDecay());
        assertEquals("1ep", s.lrDecayEvery());
        assertEquals("10ep", s.lrDecayAfter());
        p.put("train.clip", "none");
        assertEquals(0.0, SettingsCodec.read(p, "old.vrnn").clipValue());
        p.put("train.clip", "sideways 3");
        VecrnnException e = assertThrows(VecrnnException.class, () -> SettingsCodec.read(p, "old.vrnn"));
        assertEquals("old.vrnn is corrupted: it records clipping as 'sideways 3'", e.getMessage());
    }

    @Test
    void invalidSavedSettingsAreACorruptedFile() {
        Map<String, String> p = SettingsCodec.write(TrainSettings.defaults());
        p.put("settings.seqLength", "0");
        VecrnnException e = assertThrows(VecrnnException.class, () -> SettingsCodec.read(p, "m.vrnn"));
        assertTrue(e.getMessage().startsWith("m.vrnn is corrupted: its training settings are invalid"), e.getMessage());
        p.put("settings.seqLength", "x");
        e = assertThrows(VecrnnException.class, () -> SettingsCodec.read(p, "m.vrnn"));
        assertEquals("m.vrnn is corrupted: settings.seqLength is not a valid number", e.getMessage());
    }
}
