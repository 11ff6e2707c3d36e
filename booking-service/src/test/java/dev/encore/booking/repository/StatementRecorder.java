package dev.encore.booking.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Records the SQL text the calling thread prepares while {@link #record} runs, by standing in front of the pooled
 * DataSource that JdbcTransactions uses: a pass-through, every statement still runs on the real PostgreSQL.
 */
public class StatementRecorder {

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** Runs {@code work} on this thread and returns what it answered and the SQL it prepared, in order. */
    public static <T> Recorded<T> record(Callable<T> work) throws Exception {
        List<String> statements = new ArrayList<>();
        RECORDING.set(statements);
        try {
            return new Recorded<>(work.call(), statements);
        } finally {
            RECORDING.remove();
        }
    }

    public record Recorded<T>(T answer, List<String> statements) {
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    DataSource recording(AgroalDataSource pool) {
        return proxy(DataSource.class, pool);
    }

    // a DataSource whose connections note what they prepare
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && RECORDING.get() != null) {
                RECORDING.get().add((String) args[0]);
            }
            Object answer;
            try {
                answer = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return method.getName().equals("getConnection") ? proxy(Connection.class, answer) : answer;
        });
    }
}
