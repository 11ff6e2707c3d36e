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

/** Points booking-service's webhooks at a {@link WebhookReceiverStub}, with the stub's secret. */
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.GLOBAL)
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWebhookReceiver {
    }

    private WebhookReceiverStub stub;

    @Override
    public Map<String, String> start() {
        try {
            stub = new WebhookReceiverStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("encore.waitlist.webhooks.url", stub.url(), "encore.waitlist.webhooks.secret", stub.secret());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stub,
                new TestInjector.AnnotatedAndMatchesType(InjectWebhookReceiver.class, WebhookReceiverStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
