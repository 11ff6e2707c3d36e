package dev.encore.catalog;

import dev.encore.common.EagerRedisDataSources;
import dev.encore.common.RedisClientTypeCheck;
import dev.encore.testsupport.StartupOrder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Redis is readied on the main thread before the first scheduled job can run on another (EagerRedisDataSources). */
@QuarkusTest
class StartupOrderTest {

    @Inject
    BeanManager beans;

    @Test
    void redisDataSourcesAreMadeAndTheClientTypeCheckedBeforeTheSchedulerStarts() {
        StartupOrder.assertBeforeTheScheduler(beans, EagerRedisDataSources.class, RedisClientTypeCheck.class);
    }
}
