package dev.encore.testsupport;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;

import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order in which a service's start-up observers are notified of {@link StartupEvent}. The scheduler starts its
 * jobs, on worker threads, from its own observer; what has to happen on the main thread before any job runs must be
 * notified strictly before it (CDI 4.0, "Observer ordering": lower priority first, and no order among equal ones).
 */
public final class StartupOrder {

    private static final String SCHEDULER_PACKAGE = "io.quarkus.scheduler.";

    private StartupOrder() {
    }

    /**
     * Fails unless every class in {@code observers} observes {@link StartupEvent} at a priority lower than the
     * scheduler's start observer, and unless the service has that scheduler.
     */
    public static void assertBeforeTheScheduler(BeanManager beans, Class<?>... observers) {
        Set<ObserverMethod<? super StartupEvent>> all = beans.resolveObserverMethods(new StartupEvent());
        int scheduler = priority(all, SCHEDULER_PACKAGE, observer -> observer.getBeanClass().getName().startsWith(SCHEDULER_PACKAGE));
        for (Class<?> type : observers) {
            int priority = priority(all, type.getName(), observer -> observer.getBeanClass().equals(type));
            assertTrue(priority < scheduler, () -> type.getSimpleName() + " observes StartupEvent at priority " + priority
                    + ", not before the scheduler (" + scheduler + ")");
        }
    }

    private static int priority(Set<ObserverMethod<? super StartupEvent>> all, String what,
                                Predicate<ObserverMethod<?>> which) {
        return all.stream().filter(which).mapToInt(ObserverMethod::getPriority).min()
                .orElseThrow(() -> new AssertionError("Nothing in " + what + " observes StartupEvent"));
    }
}
