package dev.encore.booking.service;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real threads, real Redis, real PostgreSQL: no seat is ever held twice. */
@QuarkusTest
class SeatRaceTest {

    @InjectServer
    PostgresServer postgres;

    record Outcome(int status, List<String> seats, List<String> unavailable, String detail) {
    }

    @Test
    void twoHundredThreadsRaceForOneSeatAndExactlyOneWins() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        List<Outcome> outcomes = race(200, 200, () -> List.of("A-1-1"), performance);

        assertEquals(1, outcomes.stream().filter(o -> o.status() == 201).count(),
                () -> "outcomes: " + outcomes.stream().filter(o -> o.status() != 409).limit(3).toList());
        assertTrue(outcomes.stream().filter(o -> o.status() != 201)
                .allMatch(o -> o.status() == 409 && o.unavailable().equals(List.of("A-1-1"))), () -> "every loser is told why: "
                + outcomes.stream().filter(o -> o.status() != 201 && o.status() != 409).limit(5).toList());
        assertEquals(1, liveClaims(performance));
    }

    @Test
    void twoThousandRequestsForAHundredSeatsWithOverlappingHoldsNeverShareASeat() throws Exception {
        long performance = BookingFixtures.performanceOnSale();
        // seats A-1-1 .. A-10-10; each request wants two or three neighbours in one row
        List<Outcome> outcomes = race(2000, 64, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int row = random.nextInt(1, 11);
            int width = random.nextInt(2, 4);
            int first = random.nextInt(1, 12 - width);
            List<String> seats = new ArrayList<>();
            for (int n = first; n < first + width; n++) {
                seats.add("A-" + row + "-" + n);
            }
            return seats;
        }, performance);

        Set<String> won = new HashSet<>();
        for (Outcome winner : outcomes.stream().filter(o -> o.status() == 201).toList()) {
            for (String seat : winner.seats()) {
                assertTrue(won.add(seat), seat + " was held twice");
            }
        }
        for (Outcome loser : outcomes.stream().filter(o -> o.status() != 201).toList()) {
            assertEquals(409, loser.status(), loser::toString);
            assertFalse(loser.unavailable().isEmpty());
            assertTrue(won.containsAll(loser.unavailable()), "a loser was told a free seat was taken: " + loser);
        }
        assertEquals(won.size(), liveClaims(performance), "PostgreSQL holds exactly the winners' seats");
    }

    @Test
    void oneUserSendingFiftyHoldsAtOnceGetsNoMoreSeatsThanTheLimit() throws Exception {
        // twice: the first round also grows the connection pool, which would otherwise let the claims through one by one
        for (int round = 0; round < 2; round++) {
            long performance = BookingFixtures.performanceOnSale();
            String fan = TestTokens.forUser(UUID.randomUUID().toString(), "USER");
            // the token verified once before, so that the fifty requests reach PostgreSQL together
            given().auth().oauth2(fan).get("/api/bookings").then().statusCode(200);
            // fifty distinct seats, A-1-1 .. A-5-10
            AtomicInteger seat = new AtomicInteger();
            List<Outcome> outcomes = race(Collections.nCopies(50, fan), 50, () -> {
                int n = seat.getAndIncrement();
                return List.of("A-" + (n / 10 + 1) + "-" + (n % 10 + 1));
            }, performance);

            assertEquals(4, outcomes.stream().filter(o -> o.status() == 201).count(), outcomes::toString);
            assertTrue(outcomes.stream().filter(o -> o.status() != 201)
                    .allMatch(o -> o.status() == 409 && o.unavailable().isEmpty()), outcomes::toString);
            assertEquals(4, liveClaims(performance));
        }
    }

    private List<Outcome> race(int requests, int threads, Callable<List<String>> seatsToAskFor, long performance) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            tokens.add(TestTokens.forUser(UUID.randomUUID().toString(), "USER"));
        }
        return race(tokens, threads, seatsToAskFor, performance);
    }

    private List<Outcome> race(List<String> tokens, int threads, Callable<List<String>> seatsToAskFor, long performance) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String token : tokens) {
                List<String> seats = seatsToAskFor.call();
                futures.add(pool.submit(() -> {
                    start.await();
                    Response response = BookingFixtures.hold(token, performance, seats.toArray(String[]::new));
                    List<String> unavailable = response.statusCode() == 409 ? response.path("unavailableSeatIds") : List.of();
                    return new Outcome(response.statusCode(), seats, unavailable == null ? List.of() : unavailable,
                            response.statusCode() == 201 ? null : response.path("detail"));
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private long liveClaims(long performance) throws Exception {
        try (Connection connection = postgres.superuserConnection("encore_booking"); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM seat_claim WHERE performance_id = " + performance
                     + " AND status = 'HELD' AND expires_at > now()")) {
            count.next();
            return count.getLong(1);
        }
    }
}
