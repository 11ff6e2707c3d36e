package dev.encore.edge.client;

import dev.encore.edge.EncoreStack;
import dev.encore.testsupport.InjectServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An unknown performance is a plain answer: refused, remembered, and not a warning with a stack trace per request. */
@QuarkusTest
class CatalogClientTest {

    @InjectServer
    EncoreStack stack;

    @Inject
    CatalogClient catalog;

    @Test
    void anUnknownPerformanceFailsItsLookupsWithoutAWarningEach() throws Exception {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
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
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (long unknown : List.of(987654321L, 987654322L, 987654321L)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> catalog.settings(unknown)
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
                assertInstanceOf(PerformanceNotFoundException.class, refused.getCause());
            }
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(List.of(), warnings.stream().map(record -> record.getLoggerName() + ": " + record.getMessage()).toList());
    }
}
