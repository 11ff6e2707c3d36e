package dev.encore.booking.domain;

/**
 * A performance with a waiting list gives its freed seats to the waiters first: a hold by anyone else is refused
 * (409 {@code waitlist-first}) until every waiter who can be served has an offer.
 */
public class WaitlistFirstException extends RuntimeException {

    public WaitlistFirstException(long performanceId) {
        super("Performance " + performanceId + " is sold out and its freed seats go to its waiting list first: join it");
    }
}
