package dev.encore.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records of level WARNING and above written while it is open, from every logger: it listens on the
 * java.util.logging root, which JBoss LogManager (Quarkus' logging) serves, so JBoss Logging, JUL and
 * System.Logger records all reach it. Open it with {@link #capture()}, close it when the test is done.
 */
public final class LoggedWarnings extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LoggedWarnings() {
    }

    /** Starts capturing. */
    public static LoggedWarnings capture() {
        LoggedWarnings warnings = new LoggedWarnings();
        Logger.getLogger("").addHandler(warnings);
        return warnings;
    }

    /** The records captured so far, oldest first. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** "logger: message" of each record captured so far, for an assertion's message. */
    public List<String> lines() {
        return records.stream().map(record -> record.getLoggerName() + ": " + record.getMessage()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    /** Stops capturing. */
    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
