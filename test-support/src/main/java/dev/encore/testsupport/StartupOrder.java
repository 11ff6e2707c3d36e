package dev.encore.testsupport;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service's check that what has to happen on the main thread before any scheduled job runs is notified of
 * {@link StartupEvent} strictly before the scheduler's start observer, which starts the jobs on worker threads (CDI
 * 4.0, "Observer ordering": lower priority first, and no order among equal ones). A service's test extends it, as a
 * {@code @QuarkusTest}, naming those observers' classes.
 */
public abstract class StartupOrder {

    private static final String SCHEDULER_PACKAGE = "io.quarkus.scheduler.";

    @Inject
    BeanManager beans;

    /** The classes whose start-up observers must run before the scheduler starts. */
    protected abstract List<Class<?>> beforeTheScheduler();

    @Test
    public void runsItsStartUpObserversBeforeTheSchedulerStartsJobs() {
        Set<ObserverMethod<? super StartupEvent>> all = beans.resolveObserverMethods(new StartupEvent());
        int scheduler = priority(all, SCHEDULER_PACKAGE, observer -> observer.getBeanClass().getName().startsWith(SCHEDULER_PACKAGE));
        for (Class<?> type : beforeTheScheduler()) {
            int priority = priority(all, type.getName(), observer -> observer.getBeanClass().equals(type));
            assertTrue(priority < scheduler, () -> type.getSimpleName() + " observes StartupEvent at priority " + priority
                    + ", not before the scheduler (" + scheduler + ")");
        }
    }

    private static int priority(Set<ObserverMethod<? super StartupEvent>> all, String what, Predicate<ObserverMethod<?>> which) {
        return all.stream().filter(which).mapToInt(ObserverMethod::getPriority).min()
                .orElseThrow(() -> new AssertionError("Nothing in " + what + " observes StartupEvent"));
    }
}
