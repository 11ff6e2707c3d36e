package dev.encore.edge.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fan's place in a performance's waiting room.
 *
 * @param position   fans still to be let in ahead of this one, counting this one (0 once admitted)
 * @param etaSeconds expected wait until admission
 * @param pass       given once admitted: sent as {@code X-Queue-Pass} when placing a hold
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueStatus(State state, long position, long etaSeconds, String pass) {

    public enum State {
        WAITING, ADMITTED
    }
}
