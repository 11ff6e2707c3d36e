package dev.encore.edge.client;

import dev.encore.edge.EncoreStack;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.LoggedWarnings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
        try (LoggedWarnings warnings = LoggedWarnings.capture()) {
            for (long unknown : List.of(987654321L, 987654322L, 987654321L)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> catalog.settings(unknown)
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
                assertInstanceOf(PerformanceNotFoundException.class, refused.getCause());
            }
            assertEquals(List.of(), warnings.lines());
        }
    }
}
