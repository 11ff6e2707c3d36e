package dev.encore.booking.client;

import dev.encore.booking.config.PaymentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** encore.payment.provider picks the implementation at start-up. */
@ApplicationScoped
public class PaymentProviderSelector {

    @Produces
    @ApplicationScoped
    PaymentProvider provider(PaymentConfig config, Instance<HttpPaymentProvider> http,
                             Instance<SimulatedPaymentProvider> simulated) {
        return config.provider() == PaymentConfig.Provider.HTTP ? http.get() : simulated.get();
    }
}
