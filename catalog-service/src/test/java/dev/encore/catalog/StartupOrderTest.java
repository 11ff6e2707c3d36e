package dev.encore.catalog;

import dev.encore.common.EagerRedisDataSources;
import dev.encore.common.RedisClientTypeCheck;
import dev.encore.testsupport.StartupOrder;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/** Redis is readied on the main thread before the first scheduled job can run on another (EagerRedisDataSources). */
@QuarkusTest
class StartupOrderTest extends StartupOrder {

    @Override
    protected List<Class<?>> beforeTheScheduler() {
        return List.of(EagerRedisDataSources.class, RedisClientTypeCheck.class);
    }
}
