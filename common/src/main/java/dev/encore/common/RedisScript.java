package dev.encore.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script that Redis runs by its SHA1 digest ({@code EVALSHA}), sent whole ({@code EVAL}, which also caches it)
 * only when Redis answers that it does not have it: after a restart or a {@code SCRIPT FLUSH}. Redis then neither
 * receives nor hashes the script's text on every call, which on a hot path (every hold, every request through the
 * edge) is most of what the call costs Redis. Source: Redis docs, "Scripting with Lua", "Script cache" (EVALSHA
 * answers a NOSCRIPT error for a script it does not hold; the client then sends it with EVAL).
 * <p>
 * The arguments of {@link #run} are those of EVAL after the script: {@code numkeys key [key ...] arg [arg ...]}.
 */
public final class RedisScript {

    private static final String NO_SCRIPT = "NOSCRIPT";

    private final String text;
    private final String sha1;

    public RedisScript(String text) {
        this.text = text;
        this.sha1 = sha1(text);
    }

    /** Runs the script, non-blocking; fails as the Redis call fails, but never for a script Redis had not cached. */
    public Uni<Response> run(ReactiveRedisDataSource redis, String... keysAndArgs) {
        return redis.execute("EVALSHA", prepend(sha1, keysAndArgs))
                .onFailure(RedisScript::isNoScript).recoverWithUni(() -> redis.execute("EVAL", prepend(text, keysAndArgs)));
    }

    /**
     * Runs the script on the bare Vert.x client, non-blocking; fails as the Redis call fails, but never for a script
     * Redis had not cached. For a hot path on an event loop: the future completes on the caller's context, with no
     * Mutiny operators (and their context propagation) between the call and its answer.
     */
    public Future<io.vertx.redis.client.Response> run(Redis redis, String... keysAndArgs) {
        return redis.send(request(Command.EVALSHA, sha1, keysAndArgs))
                .recover(failure -> isNoScript(failure)
                        ? redis.send(request(Command.EVAL, text, keysAndArgs))
                        : Future.failedFuture(failure));
    }

    /** Runs the script, blocking the caller (never on an event loop). */
    public Response run(RedisDataSource redis, String... keysAndArgs) {
        try {
            return redis.execute("EVALSHA", prepend(sha1, keysAndArgs));
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            return redis.execute("EVAL", prepend(text, keysAndArgs));
        }
    }

    private static boolean isNoScript(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith(NO_SCRIPT)) {
                return true;
            }
        }
        return false;
    }

    private static Request request(Command command, String script, String[] keysAndArgs) {
        Request request = Request.cmd(command).arg(script);
        for (String arg : keysAndArgs) {
            request.arg(arg);
        }
        return request;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
