package dev.encore.closing.service;

import dev.encore.closing.PerformanceRows;
import dev.encore.closing.config.ClosingConfig;
import dev.encore.closing.repository.ClosingRunRepository;
import dev.encore.common.PerformanceChangeChannel;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestRedis;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ClosingServiceTest {

    @InjectServer
    PostgresServer postgres;

    @InjectServer
    TestRedis redis;

    @Inject
    ClosingConfig config;

    @Inject
    ClosingSchedule schedule;

    @Inject
    ClosingRunRepository runs;

    @Inject
    ClosingService service;

    PerformanceRows rows;
    String tag;

    @BeforeEach
    void freshTag() {
        rows = new PerformanceRows(postgres);
        tag = "t-" + UUID.randomUUID();
    }

    @Test
    void closesExactlyTheEndedPerformancesAndRecordsTheCounts() throws Exception {
        rows.insert(tag, 10_000, "now() - g * interval '1 minute'");
        rows.insert(tag, 10_000, "now() + g * interval '1 minute'");
        long expected = rows.endedStillOpen();

        runNow().then().statusCode(200)
                .body("closed", is((int) expected))
                .body("outcome", is("SUCCEEDED"))
                .body("trigger", is("ON_DEMAND"));

        assertEquals(10_000, rows.count("title = '" + tag + "' AND status = 'CLOSED' AND closed_at IS NOT NULL"));
        assertEquals(10_000, rows.count("title = '" + tag + "' AND status IN ('SCHEDULED', 'ON_SALE') AND ends_at > now()"));
        assertEquals(0, rows.endedStillOpen());
    }

    @Test
    void theBoundaryIsTheDatabaseClockWhateverTheOffsetTheTimesWereWrittenIn() throws Exception {
        rows.insert(tag + "-now", 1, "now()");
        rows.insert(tag + "-seoul-past", 1, "'" + OffsetDateTime.now(ZoneOffset.ofHours(9)).minusMinutes(30) + "'::timestamptz");
        rows.insert(tag + "-newyork-future", 1, "'" + OffsetDateTime.now(ZoneOffset.ofHours(-5)).plusMinutes(30) + "'::timestamptz");

        runNow().then().statusCode(200);

        assertEquals(1, rows.count("title = '" + tag + "-now' AND status = 'CLOSED'"));
        assertEquals(1, rows.count("title = '" + tag + "-seoul-past' AND status = 'CLOSED'"));
        assertEquals(1, rows.count("title = '" + tag + "-newyork-future' AND status IN ('SCHEDULED', 'ON_SALE')"));
    }

    @Test
    void aRunHeldByAnotherReplicaRefusesOnDemandAndSkipsTheSchedule() throws Exception {
        rows.insert(tag, 10, "now() - interval '1 hour'");
        int runsBefore = runs.recent(1000).size();
        try (Connection otherReplica = postgres.superuserConnection("encore_catalog")) {
            advisory(otherReplica, "pg_advisory_lock");

            runNow().then().statusCode(409).contentType("application/problem+json")
                    .body("type", is("urn:encore:problem:closing-run-active"));
            schedule.closeEndedPerformances();

            assertEquals(runsBefore, runs.recent(1000).size(), "a refused or skipped run records nothing");
            assertEquals(10, rows.count("title = '" + tag + "' AND status IN ('SCHEDULED', 'ON_SALE')"));
            // released before the next run asks: closing the connection would release it only once PostgreSQL
            // has ended that session, which may come after the next request
            advisory(otherReplica, "pg_advisory_unlock");
        }
        runNow().then().statusCode(200);
        assertEquals(10, rows.count("title = '" + tag + "' AND status = 'CLOSED'"));
    }

    @Test
    void twoRequestsAtOnceOneClosesAndTheOtherIsRefused() throws Exception {
        rows.insert(tag, 1_000, "now() - interval '1 hour'");
        CompletableFuture<Response> first;
        try (Connection blocker = postgres.superuserConnection("encore_catalog"); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // the first run takes the advisory lock, then waits to insert its run row
            statement.execute("LOCK TABLE closing.closing_run IN SHARE MODE");
            first = CompletableFuture.supplyAsync(ClosingServiceTest::runNow);
            awaitWaitingBackend();

            runNow().then().statusCode(409);
            blocker.commit();
        }
        first.get(60, TimeUnit.SECONDS).then().statusCode(200).body("outcome", is("SUCCEEDED"));
        assertEquals(1_000, rows.count("title = '" + tag + "' AND status = 'CLOSED'"));
    }

    @Test
    void aConnectionKilledMidRunLeavesNothingHalfClosedAndTheNextRunFinishes() throws Exception {
        rows.insert(tag, 20_000, "now() - g * interval '1 second'");
        long endedBefore = rows.endedStillOpen();
        CompletableFuture<Response> crashed;
        long crashedRunId;
        try (Connection blocker = postgres.superuserConnection("encore_catalog")) {
            blocker.setAutoCommit(false);
            crashed = CompletableFuture.supplyAsync(ClosingServiceTest::runNow);
            crashedRunId = awaitRunningRun(blocker);
            // the run's next chunk blocks on its progress row with its performance rows locked; kill it there
            try (PreparedStatement lockRow = blocker.prepareStatement("SELECT 1 FROM closing.closing_run WHERE id = ? FOR UPDATE")) {
                lockRow.setLong(1, crashedRunId);
                lockRow.execute();
            }
            awaitWaitingBackend();
            try (Statement kill = blocker.createStatement()) {
                kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'encore_closing'");
            }
            blocker.commit();
        }
        crashed.get(60, TimeUnit.SECONDS).then().statusCode(503).contentType("application/problem+json");
        long closedByCrashedRun = runs.find(crashedRunId).orElseThrow().closed();
        assertTrue(closedByCrashedRun < endedBefore, "the crash must have come mid-run");
        assertEquals(endedBefore - closedByCrashedRun, rows.endedStillOpen(), "the killed chunk rolled back whole");
        Closings firstClosings = closingsSoFar();

        Response next = runNow();
        next.then().statusCode(200).body("outcome", is("SUCCEEDED"));

        assertEquals(endedBefore, closedByCrashedRun + next.<Integer>path("closed"), "the totals add up");
        assertEquals(0, rows.endedStillOpen());
        assertEquals(20_000, rows.count("title = '" + tag + "' AND status = 'CLOSED'"));
        assertEquals(firstClosings.count(), rows.count("title = '" + tag + "' AND closed_at <= '" + firstClosings.latest() + "'"),
                "a performance closed by the crashed run keeps its closed_at: nothing is closed twice");
    }

    @Test
    void aRunLeftRunningByADeadProcessIsMarkedAbandoned() throws Exception {
        long orphan;
        try (Connection connection = postgres.superuserConnection("encore_catalog"); Statement statement = connection.createStatement();
             ResultSet inserted = statement.executeQuery("""
                     INSERT INTO closing.closing_run (trigger, started_at, outcome)
                     VALUES ('SCHEDULED', now() - interval '1 hour', 'RUNNING') RETURNING id""")) {
            inserted.next();
            orphan = inserted.getLong(1);
        }
        runNow().then().statusCode(200);
        assertEquals("ABANDONED", runs.find(orphan).orElseThrow().outcome().name());
    }

    // catalog-service evicts its cache on the announcement (its PerformanceCacheTest), booking-service forgets the status
    @Test
    void closedPerformancesAreAnnouncedOnThePerformanceChangeChannel() throws Exception {
        rows.insert(tag, 1, "now() - interval '1 hour'");
        long id = idOf(tag);
        try (TestRedis.Subscription changes = redis.subscribe(PerformanceChangeChannel.NAME)) {
            runNow().then().statusCode(200);

            assertEquals(List.of(id), PerformanceChangeChannel.ids(changes.nextMessage()));
        }
    }

    @Test
    void closingJobLeavesCatalogServicesCacheKeysToItsOwner() throws Exception {
        rows.insert(tag, 1, "now() - interval '1 hour'");
        long id = idOf(tag);
        redis.command("SET catalog:performance:" + id + " cached");

        runNow().then().statusCode(200);

        assertEquals(":1", redis.command("EXISTS catalog:performance:" + id));
        redis.command("DEL catalog:performance:" + id);
    }

    @Test
    void closingStillWorksWhileRedisIsDown() throws Exception {
        rows.insert(tag, 5, "now() - interval '1 hour'");
        redis.stop();
        try {
            runNow().then().statusCode(200).body("outcome", is("SUCCEEDED"));
            assertEquals(5, rows.count("title = '" + tag + "' AND status = 'CLOSED'"));
        } finally {
            redis.startAgain();
        }
    }

    @Test
    void theRunIsCountedInMetrics() {
        runNow().then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("encore_closing_performances_closed_total"), "closed counter");
        assertTrue(metrics.contains("encore_closing_chunk_duration_seconds_bucket"), "chunk histogram");
        assertTrue(metrics.contains("encore_closing_run_duration_seconds_count"), "run duration");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("encore_closing_last_success ") && !l.endsWith(" 0.0")),
                "last success timestamp");
    }

    @Test
    void aStartingReplicaReportsTheLastSuccessAnyReplicaRecorded() throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_catalog"); Statement statement = connection.createStatement()) {
            // a run another replica finished (dated far ahead, so that it is the latest of this suite)
            statement.execute("INSERT INTO closing.closing_run (trigger, started_at, finished_at, outcome)"
                    + " VALUES ('SCHEDULED', '2099-01-01T00:00:00Z', '2099-01-01T00:01:00Z', 'SUCCEEDED')");
            try {
                service.onStart(null);
                String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
                double lastSuccess = metrics.lines().filter(line -> line.startsWith("encore_closing_last_success "))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElseThrow();
                assertEquals(Instant.parse("2099-01-01T00:01:00Z").getEpochSecond(), (long) lastSuccess);
            } finally {
                statement.execute("DELETE FROM closing.closing_run WHERE started_at = '2099-01-01T00:00:00Z'");
            }
        }
    }

    static Response runNow() {
        return given().auth().oauth2(TestTokens.admin()).post("/api/admin/jobs/closing");
    }

    // pg_advisory_lock or pg_advisory_unlock on the closing run's key, in this connection's session
    private void advisory(Connection connection, String function) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
            lock.setLong(1, config.advisoryLockKey());
            lock.execute();
        }
    }

    private long awaitRunningRun(Connection connection) throws Exception {
        for (int i = 0; i < 2_000; i++) {
            try (Statement statement = connection.createStatement();
                 ResultSet running = statement.executeQuery("SELECT id FROM closing.closing_run WHERE outcome = 'RUNNING'")) {
                if (running.next()) {
                    return running.getLong(1);
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no run started");
    }

    private void awaitWaitingBackend() throws Exception {
        try (Connection observer = postgres.superuserConnection("encore_catalog")) {
            for (int i = 0; i < 500; i++) {
                try (Statement statement = observer.createStatement(); ResultSet waiting = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'encore_closing' AND wait_event_type = 'Lock'")) {
                    waiting.next();
                    if (waiting.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the run never waited on the lock");
    }

    private long idOf(String title) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_catalog"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT id FROM performance WHERE title = '" + title + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private record Closings(long count, String latest) {
    }

    private Closings closingsSoFar() throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_catalog"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*), coalesce(max(closed_at), '-infinity')::text FROM performance "
                     + "WHERE title = '" + tag + "' AND status = 'CLOSED'")) {
            row.next();
            return new Closings(row.getLong(1), row.getString(2));
        }
    }
}
