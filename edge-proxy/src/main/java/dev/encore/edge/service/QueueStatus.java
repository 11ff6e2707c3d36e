package dev.encore.edge.service;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A fan's place in a performance's waiting room.
 *
 * @param position   before sales open: the fan's place in the draw among everyone who joined so far, which changes
 *                   as others join until the draw is frozen at opening; after: fans still to be let in ahead of this
 *                   one, counting this one (0 once admitted)
 * @param etaSeconds expected wait until admission, in seconds: before opening, the time until opening plus the
 *                   time the fans drawn ahead beyond the initial batch take to be let in; after, the time the fans
 *                   still ahead take at the admission rate
 * @param opensAt    when the room opens (sales open), present only until then
 * @param pass       given once admitted: sent as {@code X-Queue-Pass} when placing a hold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueStatus(State state, long position, long etaSeconds, Instant opensAt, String pass) {

    public enum State {
        WAITING, ADMITTED
    }
}
