package dev.vecrnn.internal.io;

import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.internal.model.ModelSpec;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.OptimizerState;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.TrainState;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @TempDir
    Path dir;

    static Checkpoint sample(int streams) {
        Vocabulary v = new Vocabulary(List.of("a", "b", "c", "<unk>"));
        LanguageModel m = new LanguageModel(new ModelSpec("rnn", 4, 6, 2, 0f));
        m.initialize(new Rng(3));
        TrainState st = new TrainState(12.5, m.newState(streams), 77);
        for (float[] c : st.carried) {
            for (int i = 0; i < c.length; i++) {
                c[i] = 0.01f * i - 0.02f;
            }
        }
        st.iteration = 1234;
        st.position = 50;
        st.sampleRng.nextLong();
        st.rng("dropout", 99).nextLong();
        st.history.addTrain(10, 1.5);
        st.history.addTrain(20, 1.25);
        st.recordValidation(1.4);
        st.iteration = 1300;
        st.recordValidation(1.45);
        Map<String, float[]> opt = new LinkedHashMap<>();
        for (Param p : m.params()) {
            float[] a = new float[p.size()];
            a[0] = p.size();
            opt.put(p.name() + "/mem", a);
        }
        TrainSettings settings = TrainSettings.builder().hidden(6).layers(2).tokenizerOptions(Map.of("lower", "true"))
                .optimizerOptions(Map.of("eps", "1e-8")).learningRate(0.1).valFraction(0.05).evalEvery(500).build();
        return new Checkpoint(m, v, "char", Map.of("lower", "true"), "adagrad", Map.of("eps", "1e-8"),
                new OptimizerState(1300, opt), st, settings, Map.of("data.sha256", "abc"));
    }

    @Test
    void roundTripKeepsEverythingAResumeNeeds() {
        Checkpoint a = sample(3);
        Path f = dir.resolve("m.vrnn");
        a.write(f);
        Checkpoint b = Checkpoint.read(f);
        assertEquals(a.model.spec(), b.model.spec());
        for (Param p : a.model.params()) {
            assertArrayEquals(p.w(), b.model.param(p.name()).w(), p.name());
        }
        assertEquals(a.vocabulary.pieces(), b.vocabulary.pieces());
        assertEquals("char", b.tokenizer);
        assertEquals(Map.of("lower", "true"), b.tokenizerOptions);
        assertEquals("adagrad", b.optimizer);
        assertEquals(Map.of("eps", "1e-8"), b.optimizerOptions);
        assertEquals(1300, b.optimizerState.steps());
        assertEquals(a.optimizerState.arrays().keySet(), b.optimizerState.arrays().keySet());
        a.optimizerState.arrays().forEach((k, v) -> assertArrayEquals(v, b.optimizerState.arrays().get(k), k));
        assertEquals(1300, b.state.iteration);
        assertEquals(50, b.state.position);
        assertEquals(12.5, b.state.smoothLoss);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(a.state.carried[l], b.state.carried[l], "every stream's carried state");
        }
        assertEquals(a.state.sampleRng.state(), b.state.sampleRng.state());
        assertEquals(a.state.rng("dropout", 0).state(), b.state.rng("dropout", 0).state(), "extra generators too");
        assertEquals(1.45, b.state.lastValLoss);
        assertEquals(1300, b.state.lastValIteration);
        assertEquals(1.4, b.state.bestValLoss);
        assertEquals(a.state.history.train(), b.state.history.train());
        assertEquals(a.state.history.validation(), b.state.history.validation());
        assertEquals(a.data, b.data);
        assertEquals(a.settings, b.settings);
    }

    /** The properties of a model without the word-level settings are those of the files written before they existed. */
    @Test
    void aModelWithoutWordSettingsWritesNoneOfTheirKeys() {
        List<String> keys = sample(1).toContents().properties().keySet().stream().filter(k -> k.startsWith("model.")).toList();
        assertEquals(List.of("model.cell", "model.vocab", "model.hidden", "model.layers", "model.dropout"), keys);
    }

    @Test
    void wordSettingsRoundTripAndTheModelSamplesTheSame() {
        Vocabulary v = new Vocabulary(List.of("a", "b", "c", "d", "e", "f", "g", "<unk>"));
        ModelSpec spec = new ModelSpec("lstm", 8, 6, 2, 0f).withEmbedding(6).withAdaptiveSoftmax(new int[] {3, 5}, 1.5f)
                .withTiedWeights(true);
        LanguageModel m = new LanguageModel(spec);
        m.initialize(new Rng(4));
        Map<String, float[]> opt = new LinkedHashMap<>();
        for (Param p : m.params()) {
            opt.put(p.name() + "/m", new float[p.size()]);
        }
        Checkpoint a = new Checkpoint(m, v, "word", Map.of(), "adam", Map.of(), new OptimizerState(3, opt),
                new TrainState(1.0, m.newState(2), 5), Map.of());
        Map<String, String> props = a.toContents().properties();
        assertEquals("6", props.get("model.embedding"));
        assertEquals("adaptive", props.get("model.softmax"));
        assertEquals("3,5", props.get("model.cutoffs"));
        assertEquals("1.5", props.get("model.divValue"));
        assertEquals("true", props.get("model.tieWeights"));
        Path f = dir.resolve("w.vrnn");
        a.write(f);
        Checkpoint b = Checkpoint.read(f);
        assertEquals(spec, b.model.spec());
        for (Param p : a.model.params()) {
            assertArrayEquals(p.w(), b.model.param(p.name()).w(), p.name());
        }
        assertEquals(null, b.model.param("output.shortlist"), "tied: the shortlist is the word vectors, stored once");
        int[] drawnA = new dev.vecrnn.internal.sample.Sampler(a.model, new dev.vecrnn.internal.kernel.ScalarKernels())
                .generate(1, 30, a.model.newState(1), dev.vecrnn.internal.sample.SamplingOptions.DEFAULT, new Rng(9), null);
        int[] drawnB = new dev.vecrnn.internal.sample.Sampler(b.model, new dev.vecrnn.internal.kernel.ScalarKernels())
                .generate(1, 30, b.model.newState(1), dev.vecrnn.internal.sample.SamplingOptions.DEFAULT, new Rng(9), null);
        assertArrayEquals(drawnA, drawnB);

        ModelFile.Contents c = a.toContents();
        c.properties().put("model.cutoffs", "3,x");
        VecrnnException e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(c, "model file x"));
        assertEquals("model file x is corrupted: model.cutoffs is not a list of whole numbers", e.getMessage());
        ModelFile.Contents d = a.toContents();
        d.properties().put("model.cutoffs", "5,3");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(d, "model file x"));
        assertTrue(e.getMessage().startsWith("model file x is corrupted: its model shape is invalid (cutoffs"), e.getMessage());
        ModelFile.Contents s = a.toContents();
        s.properties().put("model.softmax", "hierarchical");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(s, "model file x"));
        assertTrue(e.getMessage().contains("'hierarchical' softmax"), e.getMessage());
        ModelFile.Contents t = a.toContents();
        t.properties().put("model.tieWeights", "yes");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(t, "model file x"));
        assertEquals("model file x is corrupted: model.tieWeights is neither true nor false", e.getMessage());
    }

    @Test
    void refusesToWriteNonFiniteWeightsAndKeepsThePreviousFile() throws IOException {
        Path f = dir.resolve("m.vrnn");
        Checkpoint a = sample(1);
        a.write(f);
        byte[] before = Files.readAllBytes(f);
        a.model.param("output.bias").w()[2] = Float.NaN;
        VecrnnException e = assertThrows(VecrnnException.class, () -> a.write(f));
        assertTrue(e.getMessage().contains("output.bias") && e.getMessage().contains("previous file is kept"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void arraysThatDoNotFitTheModelAreReported() {
        ModelFile.Contents c = sample(1).toContents();
        c.arrays().put("layer0.recurrent", new ModelFile.Array(2, 3, new float[6]));
        VecrnnException e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(c, "model file x"));
        assertTrue(e.getMessage().contains("layer0.recurrent is 2x3, expected 6x6"), e.getMessage());

        ModelFile.Contents d = sample(1).toContents();
        d.arrays().remove("output.weight");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(d, "model file x"));
        assertTrue(e.getMessage().contains("no array output.weight"), e.getMessage());

        ModelFile.Contents o = sample(1).toContents();
        o.arrays().put("optimizer/output.bias/mem", new ModelFile.Array(1, 3, new float[3]));
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(o, "model file x"));
        assertTrue(e.getMessage().contains("optimizer state output.bias/mem has 3 values"), e.getMessage());

        ModelFile.Contents s = sample(2).toContents();
        s.arrays().put("carried/1", new ModelFile.Array(3, 6, new float[18]));
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(s, "model file x"));
        assertTrue(e.getMessage().contains("carried state of layer 1"), e.getMessage());
    }

    @Test
    void badPropertiesAreReported() {
        ModelFile.Contents c = sample(1).toContents();
        c.properties().put("model.hidden", "six");
        VecrnnException e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(c, "model file x"));
        assertEquals("model file x is corrupted: model.hidden is not a valid number", e.getMessage());

        ModelFile.Contents d = sample(1).toContents();
        d.properties().remove("tokenizer.name");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(d, "model file x"));
        assertEquals("model file x is incomplete: it has no tokenizer.name", e.getMessage());

        ModelFile.Contents u = sample(1).toContents();
        u.properties().put("model.cell", "transformer");
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(u, "model file x"));
        assertTrue(e.getMessage().contains("'transformer' model"), e.getMessage());

        ModelFile.Contents n = sample(1).toContents();
        n.arrays().get("output.bias").data()[0] = Float.POSITIVE_INFINITY;
        e = assertThrows(VecrnnException.class, () -> Checkpoint.fromContents(n, "model file x"));
        assertTrue(e.getMessage().contains("NaN or infinite"), e.getMessage());
    }
}
