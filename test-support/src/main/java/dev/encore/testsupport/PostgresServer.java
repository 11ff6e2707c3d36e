package dev.encore.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A throwaway PostgreSQL cluster in a fresh data directory on a free loopback port.
 * Password authentication over TCP (scram-sha-256), as in production.
 */
public final class PostgresServer implements AutoCloseable {

    static final String SUPERUSER = "postgres";

    private final Path baseDir;
    private final Path dataDir;
    private final Path binDir;
    private final int port;
    private final String superuserPassword = UUID.randomUUID().toString();
    private boolean running;
    private final Map<String, Connection> censusConnections = new HashMap<>();

    private PostgresServer(Path baseDir, Path binDir, int port) {
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.binDir = binDir;
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            Path base = Files.createTempDirectory("encore-pg-");
            PostgresServer server = new PostgresServer(base, Binaries.postgresBinDir(), FreePorts.next());
            server.initialise();
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL for the tests", e);
        }
    }

    private void initialise() throws IOException {
        Path passwordFile = baseDir.resolve("superuser.pw");
        Files.writeString(passwordFile, superuserPassword);
        handOverToServerUser(baseDir);
        handOverToServerUser(passwordFile);
        ServerProcess.run(asServerUser(List.of(
                binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")), baseDir.resolve("initdb.log"));
    }

    private void startServer() {
        // durability settings are off: a test cluster is thrown away, and fsync dominates test time otherwise
        ServerProcess.run(asServerUser(List.of(
                binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-w", "-t", "60",
                "-l", baseDir.resolve("postgres.log").toString(), "start",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + baseDir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300")),
                baseDir.resolve("pg_ctl.log"));
        running = true;
    }

    /** Stops the server immediately, as a crash would. */
    public void stop() {
        if (running) {
            ServerProcess.run(asServerUser(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                    "-m", "immediate", "-w", "stop")), baseDir.resolve("pg_ctl.log"));
            running = false;
        }
    }

    /** Creates a login role owning a database of the same name; only that role may connect to it. */
    public Credentials createDatabase(String name) {
        String password = UUID.randomUUID().toString();
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + name + " OWNER " + name);
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        try (Connection connection = superuserConnection(name); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not hand schema public of " + name + " to its owner", e);
        }
        return new Credentials(jdbcUrl(name), name, password);
    }

    /**
     * A second login role inside {@code database}, owning its own schema and nothing else: a service that shares
     * another service's database (closing-job in encore_catalog) gets only what grants give it.
     */
    public Credentials createServiceRole(String database, String role, String schema) {
        String password = UUID.randomUUID().toString();
        try (Connection connection = superuserConnection(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
            statement.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create role " + role, e);
        }
        return new Credentials(jdbcUrl(database), role, password);
    }

    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, superuserPassword);
    }

    /**
     * How many rows each table of {@code database} holds, keyed {@code schema.table}, Flyway's history and the
     * {@code ignored} tables left out (bookkeeping that scheduled jobs write on their own, such as booking-service's
     * {@code seat_state_check}): two equal censuses mean no request stored or deleted anything in between. Counted over one superuser connection per
     * database, kept open until {@link #close()} (a census runs before and after every hostile-input probe).
     */
    public synchronized Map<String, Long> rowCounts(String database, String... ignored) {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = censusConnection(database).createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet names = statement.executeQuery("""
                    SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
                    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                      AND table_name <> 'flyway_schema_history'""")) {
                while (names.next()) {
                    tables.add(names.getString(1));
                }
            }
            tables.removeAll(List.of(ignored).stream().map(table -> "public." + table).toList());
            for (String table : tables) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the rows of " + database, e);
        }
        return counts;
    }

    private Connection censusConnection(String database) throws SQLException {
        Connection connection = censusConnections.get(database);
        if (connection == null || !connection.isValid(1)) {
            connection = superuserConnection(database);
            censusConnections.put(database, connection);
        }
        return connection;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        for (Connection connection : censusConnections.values()) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the server is about to go anyway
            }
        }
        try {
            stop();
        } finally {
            Binaries.deleteRecursively(baseDir);
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!Binaries.runningAsRoot()) {
            return command;
        }
        // initdb and postgres refuse to run as root
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void handOverToServerUser(Path path) throws IOException {
        if (Binaries.runningAsRoot()) {
            UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(path, owner);
        }
        if (Files.isDirectory(path)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        } else {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    public record Credentials(String jdbcUrl, String username, String password) {
    }
}
