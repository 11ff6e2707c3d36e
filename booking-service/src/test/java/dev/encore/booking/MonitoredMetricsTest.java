package dev.encore.booking;

import dev.encore.booking.client.PaymentStub;
import dev.encore.booking.client.PaymentStubResource.InjectPaymentStub;
import dev.encore.testsupport.MonitoredMetrics;
import dev.encore.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * What the alerts and the dashboard (k8s/components/monitoring) read from booking-service is in its /q/metrics, once
 * a hold and a confirm (through the payment provider's circuit breaker) have happened.
 */
@QuarkusTest
class MonitoredMetricsTest {

    @InjectPaymentStub
    PaymentStub payments;

    @Test
    void everyMetricTheMonitoringReadsIsExposed() {
        payments.mode(PaymentStub.Mode.APPROVE);
        long performance = BookingFixtures.performanceOnSale();
        String fan = TestTokens.user();
        String hold = BookingFixtures.holdId(fan, performance, "A-1-1");
        BookingFixtures.book(fan, hold, UUID.randomUUID().toString()).then().statusCode(201);
        MonitoredMetrics.assertExposed("booking-service", given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
