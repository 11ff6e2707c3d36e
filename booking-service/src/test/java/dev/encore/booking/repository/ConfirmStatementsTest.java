package dev.encore.booking.repository;

import dev.encore.booking.BookingFixtures;
import dev.encore.booking.service.BookingConfirmation;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * perf/tools/confirm.sql, which pgbench runs as the confirm's limit, is the confirm as the code runs it: between its
 * BEGIN and COMMIT lines, the statements a real confirm prepares, in the same order, with pgbench variables
 * ({@code :name}) where the code binds parameters ({@code ?}); whitespace aside, the same text.
 */
@QuarkusTest
class ConfirmStatementsTest {

    @Inject
    BookingConfirmation confirmation;

    @Inject
    JWTParser tokens;

    @Test
    void confirmSqlHoldsTheStatementsARealConfirmRuns() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        UUID holdId = UUID.fromString(BookingFixtures.holdId(fan, performance, "A-2-1", "A-2-2"));
        UUID userId = UUID.fromString(tokens.parseOnly(fan).getSubject());

        StatementRecorder.Recorded<BookingConfirmation.Answer> confirm = StatementRecorder.record(
                () -> confirmation.confirm(userId, UUID.randomUUID().toString(), holdId));

        assertEquals(201, confirm.answer().status(), confirm.answer().body());
        assertEquals(transactionStatements(Path.of("../perf/tools/confirm.sql")),
                confirm.statements().stream().map(ConfirmStatementsTest::normalised).toList());
    }

    // the statements between BEGIN and COMMIT, pgbench variables as JDBC parameters, whitespace collapsed
    private static List<String> transactionStatements(Path script) throws Exception {
        List<String> statements = new ArrayList<>();
        boolean inTransaction = false;
        StringBuilder statement = new StringBuilder();
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (!line.endsWith(";") && !line.endsWith("\\gset")) {
                continue;
            }
            String text = normalised(statement.toString().replaceAll("(?<![:\\w]):[a-z_]+", "?")
                    .replaceAll("\\s*(;|\\\\gset)\\s*$", ""));
            statement.setLength(0);
            if (text.equals("BEGIN") || text.equals("COMMIT")) {
                inTransaction = text.equals("BEGIN");
            } else if (inTransaction) {
                statements.add(text);
            }
        }
        return statements;
    }

    private static String normalised(String sql) {
        return sql.strip().replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")");
    }
}
