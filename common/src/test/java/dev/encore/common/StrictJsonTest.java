package dev.encore.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictJsonTest {

    public record Request(String name, OffsetDateTime at, Boolean flag, Long id, UUID key, List<String> tags,
                          Map<String, BigDecimal> prices) {
    }

    private final ObjectMapper mapper = strict();

    @Test
    void ordinaryRequestReadsAsBefore() throws Exception {
        Request read = mapper.readValue("""
                {"name":"Björk \\ud83c\\udfb8","at":"2026-12-31T20:00:00+01:00","flag":true,"id":"42",
                 "key":"6f1c2c4e-0c7c-4a55-9d0e-3f1f8a9f3a10","tags":["A-1-1"],"prices":{"A":49.5}}""", Request.class);
        assertEquals("Björk \ud83c\udfb8", read.name());
        assertEquals(42L, read.id());
        assertEquals(List.of("A-1-1"), read.tags());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"a\\u0000b\"}                  | name",
            "{\"name\":\"\\ud800\"}                    | name",
            "{\"at\":\"\\u0001\"}                      | at",
            "{\"at\":\"+999999999-12-31T23:59:59Z\"}   | at",
            "{\"at\":\"0000-12-31T23:00:00Z\"}         | at",
            "{\"flag\":\"\\u0001\"}                    | flag",
            "{\"id\":\"1\\u007f\"}                     | id",
            "{\"tags\":[\"ok\",\"\\u001b[2J\"]}        | tags[1]",
            "{\"prices\":{\"A\\u0000\":1}}             | prices",
            "{\"id\":9223372036854775808}           | id",
            "{\"id\":1e400}                         | id"})
    void refusedValuesNameTheirJsonPath(String json, String path) {
        RefusedValueException refused = assertThrows(RefusedValueException.class, () -> mapper.readValue(json, Request.class));
        assertEquals(path, path(refused));
        assertFalse(refused.getOriginalMessage().contains("\u0000"));
    }

    @Test
    void numbersAndBooleansAreNotReadAsStrings() {
        MismatchedInputException wrongType = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"name\":1}", Request.class));
        assertEquals("name", path(wrongType));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":1.5}                | id",
            "{\"id\":1.0}                | id",
            "{\"flag\":1}                | flag",
            "{\"at\":1800000000}         | at",
            "{\"at\":1800000000.5}       | at"})
    void lossyOrGuessedConversionsAreRefusedAsWrongTypes(String json, String path) {
        MismatchedInputException wrongType = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue(json, Request.class));
        assertEquals(path, path(wrongType));
    }

    @Test
    void numbersWrittenAsStringsAreStillReadAsTheirValues() throws Exception {
        Request read = mapper.readValue("{\"id\":\"42\",\"flag\":\"true\",\"prices\":{\"A\":\"49.50\"}}", Request.class);
        assertEquals(42L, read.id());
        assertEquals(Boolean.TRUE, read.flag());
        assertEquals(new BigDecimal("49.50"), read.prices().get("A"));
    }

    @Test
    void duplicateKeysAndTrailingTokensAreRefused() {
        assertThrows(JsonParseException.class, () -> mapper.readValue("{\"name\":\"a\",\"name\":\"b\"}", Request.class));
        assertThrows(MismatchedInputException.class, () -> mapper.readValue("{\"name\":\"a\"} {}", Request.class));
        assertThrows(JsonParseException.class, () -> mapper.readValue("{\"name\":\"a\"} x", Request.class));
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
    }
}
