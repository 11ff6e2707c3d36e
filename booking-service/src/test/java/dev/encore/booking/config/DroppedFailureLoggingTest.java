package dev.encore.booking.config;

import dev.encore.booking.domain.SeatsUnavailableException;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DroppedFailureLoggingTest {

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void anAnswerForACallerWhoLeftIsNoWarning() {
        Infrastructure.handleDroppedException(new SeatsUnavailableException(List.of("A-1-1")));

        assertTrue(warnings.isEmpty(), () -> "logged: " + warnings.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void anyOtherDroppedFailureIsAWarning() {
        Infrastructure.handleDroppedException(new IllegalStateException("broken"));

        assertEquals(1, warnings.size());
        assertEquals(Level.WARNING, warnings.getFirst().getLevel());
    }
}
