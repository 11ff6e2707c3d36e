package dev.encore.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForbiddenCharactersTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0000b", "\t", "line\nbreak", "\r", "\u001b[31m", "\u007f", "\ud800", "x\udc00",
            "\udc00\ud800", "end\ud83c"})
    void controlsDelAndUnpairedSurrogatesAreForbidden(String text) {
        assertTrue(ForbiddenCharacters.in(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Ada Lovelace", "Björk Guðmundsdóttir", "東京ドーム", "rock \ud83c\udfb8 night", "\u0080\u00a0€"})
    void ordinaryTextPairedSurrogatesAndC1AreAllowed(String text) {
        assertFalse(ForbiddenCharacters.in(text));
    }
}
