package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.ScalarKernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerProvider;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four built-in optimizers are found by name and check their options. */
class ProvidersTest {

    @Test
    void everyBuiltInIsFoundByNameWithTheAnchorsLearningRates() {
        assertEquals(java.util.List.of("sgd", "adagrad", "rmsprop", "adam"), Steps.REGISTRY.names());
        assertEquals(0.1, Steps.REGISTRY.get("adagrad").defaultLearningRate()); // min-char-rnn
        assertEquals(2e-3, Steps.REGISTRY.get("rmsprop").defaultLearningRate()); // char-rnn
        assertEquals(2e-3, Steps.REGISTRY.get("adam").defaultLearningRate()); // torch-rnn
        assertEquals(0.01, Steps.REGISTRY.get("sgd").defaultLearningRate());
        assertEquals("rmsprop", Steps.REGISTRY.get("RMSProp").name());
        for (var e : Steps.REGISTRY.available()) {
            OptimizerProvider p = e.provider();
            assertFalse(p.description().isBlank(), p.name());
            assertFalse(p.description().contains("\n"), p.name());
        }
        assertTrue(Steps.REGISTRY.problems().isEmpty(), Steps.REGISTRY.problems().toString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "adam    | beta1=1             | optimizer 'adam' option beta1=1 is out of range: it must be >= 0 and < 1",
        "adam    | beta1=1.5           | optimizer 'adam' option beta1=1.5 is out of range: it must be >= 0 and < 1",
        "adam    | beta2=1             | optimizer 'adam' option beta2=1 is out of range: it must be >= 0 and < 1",
        "adam    | beta1=-0.1          | optimizer 'adam' option beta1=-0.1 is out of range: it must be >= 0 and < 1",
        "adam    | eps=0               | optimizer 'adam' option eps=0 is out of range: it must be > 0",
        "adam    | weight_decay=-1     | optimizer 'adam' option weight_decay=-1 is out of range: it must be >= 0",
        "adam    | beta1=abc           | optimizer 'adam' option beta1=abc is not a number",
        "adam    | beta1=NaN           | optimizer 'adam' option beta1=NaN is not a finite number",
        "adam    | momentum=0.9        | unknown option 'momentum' for optimizer 'adam'; it accepts: beta1, beta2, eps, weight_decay",
        "adagrad | decay=0.9           | unknown option 'decay' for optimizer 'adagrad'; it accepts: eps",
        "rmsprop | decay=1             | optimizer 'rmsprop' option decay=1 is out of range: it must be >= 0 and < 1",
        "rmsprop | beta1=0.9           | unknown option 'beta1' for optimizer 'rmsprop'; it accepts: decay, eps",
        "sgd     | momentum=1          | optimizer 'sgd' option momentum=1 is out of range: it must be >= 0 and < 1",
        "sgd     | momentum=-0.5       | optimizer 'sgd' option momentum=-0.5 is out of range: it must be >= 0 and < 1",
        "sgd     | nesterov=maybe      | optimizer 'sgd' option nesterov=maybe is not true or false",
        "sgd     | nesterov=true       | optimizer 'sgd' option nesterov=true needs momentum above 0, e.g. momentum=0.9",
        "sgd     | lr=0.1              | unknown option 'lr' for optimizer 'sgd'; it accepts: momentum, nesterov, weight_decay",
        "sgd     | momentum            | option 'momentum' for optimizer 'sgd' must be written key=value",
    })
    void badOptionsAreRefusedWithOneLine(String name, String options, String message) {
        VecrnnException e = assertThrows(VecrnnException.class, () -> Steps.create(name, options));
        assertEquals(message, e.getMessage());
    }

    /** A decay schedule can take the float rate down to 0: a step that changes no weight, not a crash. */
    @Test
    void aZeroRateMovesNothingAndANegativeOneIsABug() {
        Steps.configurations().forEach(c -> {
            Optimizer opt = Steps.create(c[0], c[1]);
            Param p = new Param("w", 3, 4, false);
            Steps.randomize(p.w(), 4);
            Steps.gradient(p, null, 5);
            float[] before = p.w().clone();
            opt.step(List.of(p), (float) (1e-3 * Math.pow(0.5, 200)), new ScalarKernels());
            assertArrayEquals(before, p.w(), c[0] + " " + c[1]);
            assertEquals(1, opt.state().steps());
            assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(p), -1e-3f, new ScalarKernels()));
            assertThrows(IllegalArgumentException.class, () -> opt.step(List.of(p), Float.NaN, new ScalarKernels()));
        });
    }

    @Test
    void optionsAreAccepted() {
        assertInstanceOf(Sgd.class, Steps.create("sgd", "momentum=0.9 nesterov=yes weight_decay=1e-4"));
        assertInstanceOf(Adam.class, Steps.create("adam", "beta1=0 beta2=0.99 eps=1e-6 weight_decay=0.01"));
        assertInstanceOf(RmsProp.class, Steps.create("rmsprop", "decay=0 eps=1e-6"));
        assertInstanceOf(Adagrad.class, Steps.create("adagrad", "eps=1e-10"));
    }
}
