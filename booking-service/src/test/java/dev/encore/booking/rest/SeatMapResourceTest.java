package dev.encore.booking.rest;

import dev.encore.booking.BookingFixtures;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class SeatMapResourceTest {

    @Test
    void theWholeMapComesInOneAnswerWithPricesAndStates() {
        long performance = BookingFixtures.performanceOnSale();
        BookingFixtures.hold(TestTokens.user(), performance, "B-10-10").then().statusCode(201);
        given().get("/api/performances/" + performance + "/seats")
                .then().statusCode(200)
                .body("performanceId", is((int) performance))
                .body("status", is("ON_SALE"))
                .body("seats", hasSize(200))
                .body("seats[0].id", is("A-1-1"))
                .body("seats[0].section", is("A"))
                .body("seats[0].row", is(1))
                .body("seats[0].number", is(1))
                .body("seats[0].price", is(90))
                .body("seats[0].status", is("AVAILABLE"))
                .body("seats.find { it.id == 'B-10-10' }.status", is("HELD"))
                .body("seats.find { it.id == 'B-10-10' }.price", is(45));
    }

    @Test
    void theMapGoesOutWithItsLengthNotInChunks() {
        long performance = BookingFixtures.performanceOnSale();
        // a proxy forwards a chunked answer piece by piece, a write per piece; with its length it can pass it on whole
        var answer = given().get("/api/performances/" + performance + "/seats").then().statusCode(200)
                .header("Transfer-Encoding", nullValue()).extract();
        assertEquals(answer.body().asByteArray().length, Integer.parseInt(answer.header("Content-Length")));
    }

    @Test
    void aClientPollingWithIfNoneMatchGets304UntilASeatChanges() {
        long performance = BookingFixtures.performanceOnSale();
        String etag = given().get("/api/performances/" + performance + "/seats").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", etag).get("/api/performances/" + performance + "/seats")
                .then().statusCode(304).header("ETag", is(etag));

        BookingFixtures.hold(TestTokens.user(), performance, "A-2-2").then().statusCode(201);

        String changed = given().header("If-None-Match", etag).get("/api/performances/" + performance + "/seats")
                .then().statusCode(200).header("ETag", not(is(etag))).extract().header("ETag");
        assertNotEquals(etag, changed);
    }

    @Test
    void theMapIsReadOnlyOtherMethodsAre405() {
        long performance = BookingFixtures.performanceOnSale();
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            given().auth().oauth2(TestTokens.admin()).request(method, "/api/performances/" + performance + "/seats")
                    .then().statusCode(405).contentType("application/problem+json");
        }
    }

    @Test
    void unknownPerformanceIs404() {
        given().get("/api/performances/123456789/seats").then().statusCode(404).contentType("application/problem+json");
    }
}
