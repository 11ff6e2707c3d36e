package dev.encore.edge.service;

import dev.encore.common.RedisScript;
import dev.encore.common.WaitingRoomKeys;
import dev.encore.edge.client.CatalogClient;
import dev.encore.edge.client.LoopLocalRedis;
import dev.encore.edge.client.PerformanceSettings;
import dev.encore.edge.config.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * The waiting room of a queued performance, kept in Redis so that every edge replica shares it. It opens when the
 * performance's sales open ({@code salesOpenAt}, as catalog-service says), by the Redis server's clock.
 * <ul>
 * <li>Fans who join before opening are drawn into a random order among themselves, as Queue-it and AWS Virtual
 * Waiting Room do with their pre-queue: joining early buys a place in the draw, not a place at its head. Each gets
 * a random score in a "lobby" sorted set; its rank is the fan's number, final once the room opens.</li>
 * <li>Fans who join after opening are numbered behind the whole lobby, in the order they arrive.</li>
 * <li>Nobody is admitted before opening; at opening the first {@code initial-batch} numbers are, then
 * {@code admit-per-second} more per second, so admission needs no scheduler: it follows from the time since
 * opening. The count admitted never runs more than {@code initial-batch} ahead of the numbers given, so a room
 * that stayed idle long after opening lets at most a batch through at once and a later flood still queues.</li>
 * </ul>
 * An admitted fan gets a pass, which the edge asks for on every hold of that performance.
 */
@Singleton
public class WaitingRoom {

    // KEYS: lobby (fan -> random draw score), arrivals (fan -> number, for fans who joined after opening),
    //       meta (arrived: fans numbered after opening; admitted, updated: the admission count at epoch ms),
    //       the fan's pass.
    // ARGV: fan, join (1/0), opening epoch ms, draw score, queue ttl ms, new pass, pass ttl ms, initial batch,
    //       admitted per second.
    // Returns {number or -1, numbers admitted so far, pass or '', ms until admission, open (1/0), numbers given}.
    private static final RedisScript PLACE = new RedisScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local opens = tonumber(ARGV[3])
            local open = now >= opens
            local batch = tonumber(ARGV[8])
            local rate = tonumber(ARGV[9])
            -- the lobby is frozen once open: nothing is added to it after opening
            local lobby = redis.call('ZCARD', KEYS[1])
            local arrived = tonumber(redis.call('HGET', KEYS[3], 'arrived')) or 0
            -- admitted(t) = batch at opening + rate per second since, at most the numbers given + batch; the cap only
            -- moves when a number is given, so storing (admitted, updated) then is enough to keep it exact
            local admitted = 0
            if open then
              admitted = tonumber(redis.call('HGET', KEYS[3], 'admitted')) or batch
              local updated = tonumber(redis.call('HGET', KEYS[3], 'updated')) or opens
              admitted = math.min(admitted + (now - updated) * rate / 1000, lobby + arrived + batch)
            end
            local number = redis.call('HGET', KEYS[2], ARGV[1])
            if not number then
              local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
              if rank then
                number = rank + 1
              end
            end
            if not number then
              if ARGV[2] ~= '1' then
                return {-1, 0, '', 0, open and 1 or 0, lobby + arrived}
              end
              if open then
                arrived = arrived + 1
                redis.call('HSET', KEYS[3], 'arrived', arrived, 'admitted', admitted, 'updated', now)
                number = lobby + arrived
                redis.call('HSET', KEYS[2], ARGV[1], number)
              else
                redis.call('ZADD', KEYS[1], 'NX', ARGV[4], ARGV[1])
                lobby = lobby + 1
                number = redis.call('ZRANK', KEYS[1], ARGV[1]) + 1
              end
              -- a lobby joined long before opening must outlive the wait for it
              local expires = math.max(now, opens) + tonumber(ARGV[5])
              for i = 1, 3 do
                redis.call('PEXPIREAT', KEYS[i], expires)
              end
            end
            number = tonumber(number)
            local pass = ''
            local wait = 0
            if not open then
              wait = opens - now + math.max(number - batch, 0) * 1000 / rate
            elseif number <= admitted then
              pass = redis.call('GET', KEYS[4])
              if not pass then
                pass = ARGV[6]
                redis.call('SET', KEYS[4], pass, 'PX', ARGV[7])
              end
            else
              wait = (number - admitted) * 1000 / rate
            end
            return {number, math.floor(admitted), pass, math.ceil(wait), open and 1 or 0, lobby + arrived}
            """);

    // a lobby place is worth money: its draw must not be predictable from other fans' places
    private static final SecureRandom DRAW = new SecureRandom();

    private final LoopLocalRedis redis;
    private final CatalogClient catalog;
    private final EdgeConfig.WaitingRoom config;
    private final WaitingRoomMetrics metrics;

    WaitingRoom(LoopLocalRedis redis, CatalogClient catalog, EdgeConfig config, WaitingRoomMetrics metrics) {
        this.redis = redis;
        this.catalog = catalog;
        this.config = config.waitingRoom();
        this.metrics = metrics;
    }

    /**
     * Joins the room and tells where the fan stands; joining again keeps the first place (before opening, the same
     * draw score).
     *
     * @throws dev.encore.edge.client.PerformanceNotFoundException (as the future's failure) when catalog-service does
     *                                                             not know the performance
     * @throws EdgeUnavailableException                            (as the future's failure) when catalog-service or
     *                                                             Redis cannot answer
     */
    public Future<QueueStatus> join(long performanceId, String userId) {
        return place(performanceId, userId, true);
    }

    /**
     * Where a fan who joined stands, with the pass once admitted.
     *
     * @throws NotInQueueException (as the future's failure) when the fan has not joined (or the room expired), besides
     *                             the failures of {@link #join}
     */
    public Future<QueueStatus> status(long performanceId, String userId) {
        return place(performanceId, userId, false);
    }

    /** Fails with {@link QueuePassRequiredException} unless the performance does not queue or the pass is this fan's. */
    public Future<Void> checkPass(long performanceId, String userId, String pass) {
        return catalog.settings(performanceId).compose(settings -> {
            if (!settings.queueEnabled()) {
                return Future.succeededFuture();
            }
            if (pass == null || pass.isBlank()) {
                return Future.failedFuture(new QueuePassRequiredException(performanceId));
            }
            return redis.send(Request.cmd(Command.GET).arg(WaitingRoomKeys.pass(performanceId, userId)))
                    .transform(answer -> {
                        if (answer.failed()) {
                            return Future.failedFuture(new EdgeUnavailableException(
                                    "The waiting room cannot be checked right now", 1, answer.cause()));
                        }
                        Response issued = answer.result();
                        return issued != null && pass.equals(issued.toString()) ? Future.succeededFuture()
                                : Future.failedFuture(new QueuePassRequiredException(performanceId));
                    });
        });
    }

    private Future<QueueStatus> place(long performanceId, String userId, boolean join) {
        return catalog.settings(performanceId).compose(settings -> {
            if (!settings.queueEnabled()) {
                // no room to wait in: everyone is let straight through, and holds ask for no pass
                return Future.succeededFuture(new QueueStatus(QueueStatus.State.ADMITTED, 0, 0, null, null));
            }
            String prefix = WaitingRoomKeys.room(performanceId);
            // a whole number below 2^53, so that the score Redis keeps as a double is exactly this one
            String drawScore = String.valueOf(DRAW.nextLong(1L << 53));
            return redis.run(PLACE, "4", prefix + "lobby", prefix + "arrivals", prefix + "meta",
                            WaitingRoomKeys.pass(performanceId, userId),
                            userId, join ? "1" : "0", String.valueOf(settings.salesOpenAt().toEpochMilli()), drawScore,
                            String.valueOf(config.queueTtl().toMillis()), UUID.randomUUID().toString(),
                            String.valueOf(config.passTtl().toMillis()), String.valueOf(config.initialBatch()),
                            String.valueOf(config.admitPerSecond()))
                    .recover(failure -> Future.failedFuture(new EdgeUnavailableException(
                            "The waiting room is unavailable right now", 1, failure)))
                    .onSuccess(reply -> metrics.record(performanceId, reply.get(5).toLong(), reply.get(1).toLong(),
                            config.queueTtl()))
                    .map(reply -> status(performanceId, settings, reply));
        });
    }

    private static QueueStatus status(long performanceId, PerformanceSettings settings, Response reply) {
        long number = reply.get(0).toLong();
        if (number < 0) {
            throw new NotInQueueException(performanceId);
        }
        long admitted = reply.get(1).toLong();
        if (number <= admitted) {
            return new QueueStatus(QueueStatus.State.ADMITTED, 0, 0, null, reply.get(2).toString());
        }
        long etaSeconds = (reply.get(3).toLong() + 999) / 1000;
        Instant opensAt = reply.get(4).toInteger() == 1 ? null : settings.salesOpenAt();
        return new QueueStatus(QueueStatus.State.WAITING, number - admitted, etaSeconds, opensAt, null);
    }

}
