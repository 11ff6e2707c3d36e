package dev.encore.booking.repository;

import dev.encore.booking.domain.WaitlistEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * waitlist_entry: the waiting lists (V10). Methods taking a {@link Connection} run in the caller's transaction; the
 * others run their own. Status moves are guarded by the status they move from, so that two actors (the waiter leaving,
 * the offer round) cannot both win.
 */
@ApplicationScoped
public class WaitlistRepository {

    /** An entry with its place: 1 + the entries that joined before it and still wait for an offer; 0 once offered. */
    public record Placed(WaitlistEntry entry, int position) {
    }

    /** An OFFERED entry and the state of its offer's hold. */
    public record Offer(WaitlistEntry entry, String holdStatus, boolean lapsed, boolean beingPaid) {
    }

    private static final String COLUMNS = "id, performance_id, user_id, seat_count, status, hold_id, offer_seat_ids, "
            + "offer_expires_at, joined_at";
    private static final String LIVE = "status IN ('WAITING', 'OFFERING', 'OFFERED')";
    // an offer whose hold was bought is over for its waiter, though the round has not marked it BOOKED yet
    private static final String NOT_BOUGHT = "NOT EXISTS (SELECT 1 FROM seat_hold h WHERE h.id = e.hold_id AND h.status = 'CONFIRMED')";

    private final JdbcTransactions transactions;

    WaitlistRepository(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * A new WAITING entry with its position; empty when the user already has a live one on this performance. Joins of
     * one performance take turns (a transaction-scoped advisory lock), so that arrival order, ids and the positions
     * answered agree.
     */
    public Optional<Placed> join(long performanceId, UUID userId, int seatCount) {
        return transactions.run("Joining the waiting list of performance " + performanceId, connection -> {
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended('waitlist-join/' || ?, 0))")) {
                lock.setLong(1, performanceId);
                lock.executeQuery().close();
            }
            WaitlistEntry entry;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO waitlist_entry "
                    + "(performance_id, user_id, seat_count, status, joined_at, updated_at) "
                    + "VALUES (?, ?, ?, 'WAITING', now(), now()) "
                    + "ON CONFLICT (performance_id, user_id) WHERE " + LIVE + " DO NOTHING RETURNING " + COLUMNS)) {
                insert.setLong(1, performanceId);
                insert.setObject(2, userId);
                insert.setInt(3, seatCount);
                try (ResultSet row = insert.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    entry = entry(row);
                }
            }
            return Optional.of(new Placed(entry, position(connection, entry)));
        });
    }

    /**
     * The user's live entry on the performance, with its position; an offer already bought (its hold confirmed, the
     * round not yet past) counts as ended.
     */
    public Optional<Placed> findLive(long performanceId, UUID userId) {
        return transactions.run("Reading a waiting-list entry", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM waitlist_entry e WHERE performance_id = ? AND user_id = ? AND " + LIVE + " AND " + NOT_BOUGHT)) {
                select.setLong(1, performanceId);
                select.setObject(2, userId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    WaitlistEntry entry = entry(row);
                    return Optional.of(new Placed(entry, position(connection, entry)));
                }
            }
        });
    }

    // 1 + the entries that joined before it and still wait for an offer; 0 for an entry that has its offer
    private static int position(Connection connection, WaitlistEntry entry) throws SQLException {
        if (entry.status() == WaitlistEntry.Status.OFFERED) {
            return 0;
        }
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM waitlist_entry "
                + "WHERE performance_id = ? AND id < ? AND status IN ('WAITING', 'OFFERING')")) {
            count.setLong(1, entry.performanceId());
            count.setLong(2, entry.id());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1) + 1;
            }
        }
    }

    /** Ends the user's live entry as LEFT and returns it as it was; empty when there was none. */
    public Optional<WaitlistEntry> leave(long performanceId, UUID userId) {
        return transactions.run("Leaving a waiting list", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE waitlist_entry e SET status = 'LEFT', updated_at = now()
                    FROM (SELECT id, status AS was FROM waitlist_entry e
                          WHERE performance_id = ? AND user_id = ? AND status IN ('WAITING', 'OFFERING', 'OFFERED')
                            AND\s""" + NOT_BOUGHT + """
                          FOR UPDATE) old
                    WHERE e.id = old.id
                    RETURNING e.id, e.performance_id, e.user_id, e.seat_count, old.was, e.hold_id, e.offer_seat_ids,
                              e.offer_expires_at, e.joined_at""")) {
                update.setLong(1, performanceId);
                update.setObject(2, userId);
                try (ResultSet row = update.executeQuery()) {
                    return row.next() ? Optional.of(entry(row)) : Optional.empty();
                }
            }
        });
    }

    /** The performances whose lists have live entries (WAITING, OFFERING or OFFERED): the offer round's work. */
    public Set<Long> performancesWithLiveEntries() {
        return transactions.run("Listing waiting lists", connection -> {
            Set<Long> ids = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT performance_id FROM waitlist_entry WHERE " + LIVE);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
    }

    /** Per performance with entries still to be offered seats (WAITING or OFFERING), the fewest seats one wants. */
    public Map<Long, Integer> fewestWantedByPerformance() {
        return transactions.run("Reading the waiting lists' demand", connection -> {
            Map<Long, Integer> fewest = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT performance_id, min(seat_count) "
                    + "FROM waitlist_entry WHERE status IN ('WAITING', 'OFFERING') GROUP BY performance_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    fewest.put(rows.getLong(1), rows.getInt(2));
                }
            }
            return fewest;
        });
    }

    /** Deletes entries that ended (BOOKED, EXPIRED, LEFT, DROPPED) longer than {@code retention} ago. */
    public int purgeEnded(Duration retention) {
        return transactions.run("Purging ended waiting-list entries", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM waitlist_entry WHERE NOT " + LIVE
                    + " AND updated_at < statement_timestamp() - make_interval(secs => ?)")) {
                delete.setDouble(1, retention.toSeconds());
                return delete.executeUpdate();
            }
        });
    }

    /** The performance's entries in {@code status}, in arrival order. */
    public List<WaitlistEntry> inStatus(long performanceId, WaitlistEntry.Status status) {
        return transactions.run("Reading a waiting list", connection -> {
            List<WaitlistEntry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM waitlist_entry WHERE performance_id = ? AND status = ? ORDER BY id")) {
                select.setLong(1, performanceId);
                select.setString(2, status.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entry(rows));
                    }
                }
            }
            return entries;
        });
    }

    /** The performance's OFFERED entries with their holds' states, by the database clock. */
    public List<Offer> offers(long performanceId) {
        return transactions.run("Reading a waiting list's offers", connection -> {
            List<Offer> offers = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + prefixed("e") + """
                    , h.status, h.expires_at <= statement_timestamp(),
                      EXISTS (SELECT 1 FROM booking b WHERE b.hold_id = h.id AND b.status = 'PENDING')
                    FROM waitlist_entry e LEFT JOIN seat_hold h ON h.id = e.hold_id
                    WHERE e.performance_id = ? AND e.status = 'OFFERED' ORDER BY e.id""")) {
                select.setLong(1, performanceId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        offers.add(new Offer(entry(rows), rows.getString(10), rows.getBoolean(11), rows.getBoolean(12)));
                    }
                }
            }
            return offers;
        });
    }

    /** The expiry of the ACTIVE hold under this id (an offer's hold a round may have taken before it died), if any. */
    public Optional<Instant> activeHoldExpiry(UUID holdId) {
        return transactions.run("Looking for a hold", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT expires_at FROM seat_hold WHERE id = ? AND status = 'ACTIVE'")) {
                select.setObject(1, holdId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
                }
            }
        });
    }

    /** WAITING → OFFERING with the hold's id and seats chosen; false when the entry is no longer WAITING. */
    public boolean markOffering(long entryId, UUID holdId, List<String> seatIds) {
        return transactions.run("Starting an offer", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE waitlist_entry SET status = 'OFFERING', "
                    + "hold_id = ?, offer_seat_ids = ?, updated_at = now() WHERE id = ? AND status = 'WAITING'")) {
                update.setObject(1, holdId);
                update.setArray(2, connection.createArrayOf("text", seatIds.toArray()));
                update.setLong(3, entryId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** OFFERING → OFFERED until {@code expiresAt}, in the caller's transaction; false when it is no longer OFFERING. */
    public boolean markOffered(Connection connection, long entryId, Instant expiresAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE waitlist_entry SET status = 'OFFERED', "
                + "offer_expires_at = ?, updated_at = now() WHERE id = ? AND status = 'OFFERING'")) {
            update.setTimestamp(1, Timestamp.from(expiresAt));
            update.setLong(2, entryId);
            return update.executeUpdate() == 1;
        }
    }

    /** OFFERING → WAITING (the offer could not be made), keeping the entry's place; false when no longer OFFERING. */
    public boolean backToWaiting(long entryId) {
        return transactions.run("Undoing an offer", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE waitlist_entry SET status = 'WAITING', "
                    + "hold_id = NULL, offer_seat_ids = NULL, updated_at = now() WHERE id = ? AND status = 'OFFERING'")) {
                update.setLong(1, entryId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Ends an entry that is in {@code from} as {@code to}, in the caller's transaction; false when it moved meanwhile. */
    public boolean end(Connection connection, long entryId, WaitlistEntry.Status from, WaitlistEntry.Status to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE waitlist_entry SET status = ?, updated_at = now() WHERE id = ? AND status = ?")) {
            update.setString(1, to.name());
            update.setLong(2, entryId);
            update.setString(3, from.name());
            return update.executeUpdate() == 1;
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    // the one row mapper of waitlist_entry, for a row starting with COLUMNS
    private static WaitlistEntry entry(ResultSet row) throws SQLException {
        Array seats = row.getArray(7);
        Timestamp expires = row.getTimestamp(8);
        return new WaitlistEntry(row.getLong(1), row.getLong(2), row.getObject(3, UUID.class), row.getInt(4),
                WaitlistEntry.Status.valueOf(row.getString(5)), row.getObject(6, UUID.class),
                seats == null ? null : List.of((String[]) seats.getArray()), expires == null ? null : expires.toInstant(),
                row.getTimestamp(9).toInstant());
    }
}
