package dev.encore.common;

import io.quarkus.arc.ClientProxy;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

/**
 * Makes the service's Redis data sources ({@link ReactiveRedisDataSource}, then {@link RedisDataSource}) on the
 * main thread at start-up, before the scheduler starts its jobs on worker threads.
 * <p>
 * Why: Quarkus 3.33's Redis extension keeps the data sources it makes in a static {@code HashMap}
 * ({@code RedisClientRecorder.dataSources}, filled by {@code computeIfAbsent}), and each of the two beans fills it on
 * first use. Made at the same moment on two threads (a job whose first run makes the blocking one while the start-up
 * observers make the reactive one for {@link PerformanceChangeFeed}), one of them fails with
 * {@code ConcurrentModificationException} and the service does not start (booking-service in CI: "Error creating
 * synthetic bean [...]: java.util.ConcurrentModificationException"). Made here, first, nothing else races for them.
 */
@ApplicationScoped
public class EagerRedisDataSources {

    /**
     * The start-up observers' priority that runs before the scheduler's ({@code SimpleScheduler.start} observes at
     * {@link Interceptor.Priority#PLATFORM_BEFORE}; a lower value is notified first, CDI 4.0 "Observer ordering").
     */
    public static final int BEFORE_THE_SCHEDULER = Interceptor.Priority.PLATFORM_BEFORE - 1;

    void onStart(@Observes @Priority(BEFORE_THE_SCHEDULER) StartupEvent event,
                 Instance<ReactiveRedisDataSource> reactive, Instance<RedisDataSource> blocking) {
        // a bean's client proxy makes its instance on first use: unwrapping is that first use (no Redis call)
        if (reactive.isResolvable()) {
            ClientProxy.unwrap(reactive.get());
        }
        if (blocking.isResolvable()) {
            ClientProxy.unwrap(blocking.get());
        }
    }
}
