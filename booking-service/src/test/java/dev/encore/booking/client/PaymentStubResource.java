package dev.encore.booking.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Points booking-service at a {@link PaymentStub} through its real HTTP provider client. */
@WithTestResource(value = PaymentStubResource.class, scope = TestResourceScope.GLOBAL)
public class PaymentStubResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectPaymentStub {
    }

    private PaymentStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new PaymentStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("encore.payment.provider", "http",
                "quarkus.rest-client.payment.url", stub.url(),
                // the tests run the reconciler themselves, on bookings of any age
                "encore.booking.pending-grace", "PT0S",
                "encore.booking.reconcile-interval", "1h",
                // short enough for a test to outlast a lease and the time a charge may stay in flight
                "encore.booking.payment-lease", "PT1S",
                "encore.booking.charge-in-flight", "PT1S");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stub, new TestInjector.AnnotatedAndMatchesType(InjectPaymentStub.class, PaymentStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
