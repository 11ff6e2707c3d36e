package dev.encore.booking.config;

import dev.encore.booking.domain.SeatsUnavailableException;
import dev.encore.testsupport.LoggedWarnings;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DroppedFailureLoggingTest {

    private LoggedWarnings warnings;

    @BeforeEach
    void capture() {
        warnings = LoggedWarnings.capture();
    }

    @AfterEach
    void release() {
        warnings.close();
    }

    @Test
    void anAnswerForACallerWhoLeftIsNoWarning() {
        Infrastructure.handleDroppedException(new SeatsUnavailableException(List.of("A-1-1")));

        assertTrue(warnings.records().isEmpty(), () -> "logged: " + warnings.lines());
    }

    @Test
    void anyOtherDroppedFailureIsAWarning() {
        Infrastructure.handleDroppedException(new IllegalStateException("broken"));

        assertEquals(1, warnings.records().size());
        assertEquals(Level.WARNING, warnings.records().getFirst().getLevel());
    }
}
