package dev.encore.booking.client;

import dev.encore.booking.config.WaitlistConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook settings a service may start with, and the Standard Webhooks signature. */
class WebhookSenderTest {

    @Test
    void aReceiverWithoutAUsableSecretStopsTheStart() {
        String good = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertThrows(IllegalStateException.class, () -> new WebhookSender(config("http://localhost:9/hooks", null)));
        assertThrows(IllegalStateException.class, () -> new WebhookSender(config("http://localhost:9/hooks", "whsec_c2hvcnQ=")));
        assertThrows(IllegalStateException.class, () -> new WebhookSender(config("http://localhost:9/hooks", "not base64!")));
        assertTrue(new WebhookSender(config("http://localhost:9/hooks", good)).configured());
        // no receiver: nothing is sent, no secret needed
        assertEquals(false, new WebhookSender(config(null, null)).configured());
    }

    @Test
    void theSignatureIsTheHmacOfIdTimestampAndBody() {
        // the signing example of the Standard Webhooks reference library for Java (libraries/java, WebhookTest)
        byte[] secret = WebhookSender.secretBytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertArrayEquals(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), secret);
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSender.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "1614265330", "{\"test\": 2432232314}"));
    }

    // the mapping as SmallRye Config builds it from these settings
    private static WaitlistConfig config(String url, String secret) {
        Map<String, String> settings = new HashMap<>();
        if (url != null) {
            settings.put("encore.waitlist.webhooks.url", url);
        }
        if (secret != null) {
            settings.put("encore.waitlist.webhooks.secret", secret);
        }
        return new SmallRyeConfigBuilder().withMapping(WaitlistConfig.class)
                .withSources(new PropertiesConfigSource(settings, "test", 100)).build()
                .getConfigMapping(WaitlistConfig.class);
    }
}
