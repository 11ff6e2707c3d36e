package dev.encore.edge.service;

import dev.encore.edge.client.CatalogClient;
import dev.encore.edge.config.EdgeConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The waiting room of a queued performance, kept in Redis so that every edge replica shares it. Fans get a number
 * in the order they join; the room lets in an initial batch when it opens and then a steady number per second,
 * so admission needs no scheduler: it follows from the time since opening. An admitted fan gets a pass, which
 * the edge asks for on every hold of that performance.
 */
@ApplicationScoped
public class WaitingRoom {

    // KEYS: line (fan -> number), meta (opened-at, numbers given), the fan's pass.
    // ARGV: fan, join (1/0), queue ttl ms, new pass, pass ttl ms, initial batch, admitted per second.
    // Returns {number or -1, admitted so far, pass or ''}.
    private static final String PLACE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local number = redis.call('HGET', KEYS[1], ARGV[1])
            if not number then
              if ARGV[2] ~= '1' then
                return {-1, 0, ''}
              end
              redis.call('HSETNX', KEYS[2], 'opened', now)
              number = redis.call('HINCRBY', KEYS[2], 'joined', 1)
              redis.call('HSET', KEYS[1], ARGV[1], number)
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            number = tonumber(number)
            local opened = tonumber(redis.call('HGET', KEYS[2], 'opened')) or now
            local admitted = tonumber(ARGV[6]) + math.floor((now - opened) * tonumber(ARGV[7]) / 1000)
            local pass = ''
            if number <= admitted then
              pass = redis.call('GET', KEYS[3])
              if not pass then
                pass = ARGV[4]
                redis.call('SET', KEYS[3], pass, 'PX', ARGV[5])
              end
            end
            return {number, admitted, pass}
            """;

    private final ReactiveRedisDataSource redis;
    private final CatalogClient catalog;
    private final EdgeConfig.WaitingRoom config;

    WaitingRoom(ReactiveRedisDataSource redis, CatalogClient catalog, EdgeConfig config) {
        this.redis = redis;
        this.catalog = catalog;
        this.config = config.waitingRoom();
    }

    /** Joins the room (keeping the first place when joining again) and tells where the fan stands. */
    public Uni<QueueStatus> join(long performanceId, String userId) {
        return place(performanceId, userId, true);
    }

    public Uni<QueueStatus> status(long performanceId, String userId) {
        return place(performanceId, userId, false);
    }

    /** Fails with {@link QueuePassRequiredException} unless the performance does not queue or the pass is this fan's. */
    public Uni<Void> checkPass(long performanceId, String userId, String pass) {
        return catalog.settings(performanceId).chain(settings -> {
            if (!settings.queueEnabled()) {
                return Uni.createFrom().voidItem();
            }
            if (pass == null || pass.isBlank()) {
                return Uni.createFrom().failure(new QueuePassRequiredException(performanceId));
            }
            return redis.value(String.class).get(passKey(performanceId, userId))
                    .onFailure().transform(failure -> new EdgeUnavailableException(
                            "The waiting room cannot be checked right now", 1, failure))
                    .invoke(issued -> {
                        if (!pass.equals(issued)) {
                            throw new QueuePassRequiredException(performanceId);
                        }
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<QueueStatus> place(long performanceId, String userId, boolean join) {
        return catalog.settings(performanceId).chain(settings -> {
            if (!settings.queueEnabled()) {
                // no room to wait in: everyone is let straight through, and holds ask for no pass
                return Uni.createFrom().item(new QueueStatus(QueueStatus.State.ADMITTED, 0, 0, null));
            }
            String prefix = "edge:queue:{perf:" + performanceId + "}:";
            return redis.execute("EVAL", PLACE, "3", prefix + "line", prefix + "meta", passKey(performanceId, userId),
                            userId, join ? "1" : "0", String.valueOf(config.queueTtl().toMillis()),
                            UUID.randomUUID().toString(), String.valueOf(config.passTtl().toMillis()),
                            String.valueOf(config.initialBatch()), String.valueOf(config.admitPerSecond()))
                    .onFailure().transform(failure -> new EdgeUnavailableException(
                            "The waiting room is unavailable right now", 1, failure))
                    .map(reply -> status(performanceId, reply));
        });
    }

    private QueueStatus status(long performanceId, Response reply) {
        long number = reply.get(0).toLong();
        if (number < 0) {
            throw new NotInQueueException(performanceId);
        }
        long admitted = reply.get(1).toLong();
        if (number <= admitted) {
            return new QueueStatus(QueueStatus.State.ADMITTED, 0, 0, reply.get(2).toString());
        }
        long ahead = number - admitted;
        long eta = (long) Math.ceil(ahead / config.admitPerSecond());
        return new QueueStatus(QueueStatus.State.WAITING, ahead, eta, null);
    }

    private static String passKey(long performanceId, String userId) {
        return "edge:queue:{perf:" + performanceId + "}:pass:" + userId;
    }
}
