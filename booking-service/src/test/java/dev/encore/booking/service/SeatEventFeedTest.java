package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.ServerSentEvents;
import dev.encore.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SeatEventFeedTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @Test
    void watchersSeeHoldsReleasesAndOtherReplicasLocksAndResumeFromTheirLastEvent() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        long heldAt;
        try (ServerSentEvents events = open(performance, null)) {
            ServerSentEvents.Event first = events.next();
            assertEquals("snapshot", first.name());
            assertEquals(List.of(), JsonPath.from(first.data()).getList("taken"));
            assertEquals("ON_SALE", JsonPath.from(first.data()).getString("status"));
            // a replica replays only what it saw from 1 s (the clock-skew margin) before the resumed id on
            Thread.sleep(1_100);

            String hold = BookingFixtures.holdId(fan, performance, "A-1-1");
            ServerSentEvents.Event held = events.nextAbout("A-1-1");
            assertEquals("HELD", held.status("A-1-1"));
            heldAt = held.id();

            given().auth().oauth2(fan).delete("/api/holds/" + hold).then().statusCode(204);
            assertEquals("AVAILABLE", events.nextAbout("A-1-1").status("A-1-1"));

            // another replica's hold is a lock in the same Redis: it reaches this replica's watchers as well
            redis.value(String.class).set(SeatLocks.seatKey(performance, "A-1-2"),
                    SeatLocks.holdValue(UUID.randomUUID(), UUID.randomUUID(), 1), new SetArgs().px(60_000));
            assertEquals("HELD", events.nextAbout("A-1-2").status("A-1-2"));
        }

        try (ServerSentEvents resumed = open(performance, Long.toString(heldAt))) {
            ServerSentEvents.Event missed = resumed.next();
            assertEquals("seats", missed.name(), "a known id resumes, without a snapshot");
            assertEquals("AVAILABLE", missed.status("A-1-1"));
            assertEquals("HELD", missed.status("A-1-2"));
        }
        try (ServerSentEvents fromNowhere = open(performance, "12345")) {
            ServerSentEvents.Event snapshot = fromNowhere.next();
            assertEquals("snapshot", snapshot.name(), "an id this replica cannot replay from gets the whole state");
            assertEquals(List.of(Map.of("id", "A-1-2", "status", "HELD")), JsonPath.from(snapshot.data()).getList("taken"));
        }
    }

    @Test
    void aResumeFromBeforeThisReplicaKnewThePerformanceGetsASnapshotNotAnEmptyReplay() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        // the last event a client saw, on another replica, just before a hold this replica never polled
        long seenElsewhere = System.currentTimeMillis();
        BookingFixtures.holdId(TestTokens.user(), performance, "A-2-1");

        try (ServerSentEvents events = open(performance, Long.toString(seenElsewhere))) {
            ServerSentEvents.Event first = events.next();
            assertEquals("snapshot", first.name(), "this replica's history starts after that id");
            assertEquals(List.of(Map.of("id", "A-2-1", "status", "HELD")), JsonPath.from(first.data()).getList("taken"));
        }
    }

    @Test
    void aStatusChangeIsAnEventOfItsOwn() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        try (ServerSentEvents events = open(performance, null)) {
            assertEquals("snapshot", events.next().name());
            BookingFixtures.close(performance);
            ServerSentEvents.Event status = events.next();
            while (!status.name().equals("status")) {
                status = events.next();
            }
            assertEquals("CLOSED", JsonPath.from(status.data()).getString("status"));
        }
    }

    @Test
    void everyPolledEventIsTimedFromItsPollToItsLastWrite() throws Exception {
        Timer delivery = registry.get("encore.seat.events.delivery").timer();
        long performance = BookingFixtures.performanceOnSale();
        try (ServerSentEvents events = open(performance, null)) {
            assertEquals("snapshot", events.next().name());
            long before = delivery.count();
            BookingFixtures.holdId(TestTokens.user(), performance, "A-3-1");
            ServerSentEvents.Event held = events.nextAbout("A-3-1");
            long age = System.currentTimeMillis() - held.id();
            // recorded by the task that wrote it, after the write: by the time it arrived, or just after
            await().atMost(Duration.ofSeconds(5)).until(() -> delivery.count() > before);
            assertTrue(delivery.max(TimeUnit.MILLISECONDS) <= age + 5_000, "timed from the poll, in milliseconds");
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("encore_seat_events_delivery_seconds_bucket{"));
    }

    @Test
    void anUnknownPerformanceIs404BeforeAnyEvent() {
        given().accept("text/event-stream").get("/api/performances/987654321/seats/events").then().statusCode(404)
                .contentType("application/problem+json").body("type", is("urn:encore:problem:performance-not-found"));
    }

    private ServerSentEvents open(long performance, String lastEventId) throws Exception {
        return ServerSentEvents.open(base + "api/performances/" + performance + "/seats/events", lastEventId);
    }
}
