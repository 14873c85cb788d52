package dev.vecrnn.bench.serve;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonLineTest {

    @Test
    void writesNestedMapsListsAndNumbersInInsertionOrder() {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("p50", 0.25);
        stage.put("p99", 12.5);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("jdk", "25");
        line.put("clients", 64);
        line.put("tokens", 256000L);
        line.put("load_before", List.of(0.52, 1.0));
        line.put("ok", true);
        line.put("stages", Map.of("draw", stage));
        assertEquals("{\"jdk\":\"25\",\"clients\":64,\"tokens\":256000,\"load_before\":[0.52,1.0],\"ok\":true,"
                + "\"stages\":{\"draw\":{\"p50\":0.25,\"p99\":12.5}}}", JsonLine.of(line));
    }

    @Test
    void aQuantileOfNoValuesIsNullAndNumbersKeepSixSignificantDigits() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("nan", Double.NaN);
        line.put("none", null);
        line.put("rate", 188.66666666);
        line.put("tiny", 0.0000123456789);
        line.put("big", 18869.1234);
        assertEquals("{\"nan\":null,\"none\":null,\"rate\":188.667,\"tiny\":1.23457E-5,\"big\":18869.1}",
                JsonLine.of(line));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("first_error", "HTTP 503: \"busy\"\\\n\t\u0001春");
        assertEquals("{\"first_error\":\"HTTP 503: \\\"busy\\\"\\\\\\n\\t\\u0001春\"}", JsonLine.of(line));
    }

    @Test
    void refusesAValueWithoutAJsonForm() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("x", Arrays.asList(new Object()));
        assertThrows(IllegalArgumentException.class, () -> JsonLine.of(line));
    }
}
