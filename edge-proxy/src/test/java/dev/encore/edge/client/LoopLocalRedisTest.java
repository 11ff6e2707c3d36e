package dev.encore.edge.client;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each event loop calls Redis through a client of its own, answered on that loop; other threads use Quarkus' client. */
@QuarkusTest
class LoopLocalRedisTest {

    @Inject
    LoopLocalRedis loopLocal;

    @Inject
    Redis shared;

    @Inject
    Vertx vertx;

    private record Call(Thread caller, Redis client, Thread answeredOn, String answer) {
    }

    @Test
    void everyEventLoopHasItsOwnClientAndOtherThreadsTheSharedOne() throws Exception {
        // Quarkus creates its client, and hands its options to the capture, on first use
        assertEquals("PONG", shared.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).toString());
        assertSame(shared, loopLocal.current());

        List<Call> calls = new CopyOnWriteArrayList<>();
        // a thread that is not Vert.x's gets an event-loop context of its own, the loops taken in turn (a context
        // that no verticle owns: a verticle's undeployment would close the clients created on it)
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CompletableFuture<Void> called = new CompletableFuture<>();
            done.add(called);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            Context context = thread.submit(vertx::getOrCreateContext).get(5, TimeUnit.SECONDS);
            thread.shutdown();
            context.runOnContext(ignored -> {
                Thread caller = Thread.currentThread();
                Redis client = loopLocal.current();
                client.send(Request.cmd(Command.PING))
                        .compose(first -> loopLocal.current().send(Request.cmd(Command.PING)))
                        .onSuccess(answer -> calls.add(new Call(caller, client, Thread.currentThread(), answer.toString())))
                        .onComplete(result -> called.complete(null));
            });
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(4, calls.size());
        Map<Thread, Redis> clientByLoop = new ConcurrentHashMap<>();
        for (Call call : calls) {
            assertEquals("PONG", call.answer());
            assertSame(call.caller(), call.answeredOn());
            assertNotSame(shared, call.client());
            assertSame(call.client(), clientByLoop.computeIfAbsent(call.caller(), loop -> call.client()));
        }
        assertTrue(clientByLoop.size() >= 2, "the contexts ran on " + clientByLoop.size() + " loop(s)");
        assertEquals(clientByLoop.size(), clientByLoop.values().stream().distinct().count());
    }
}
