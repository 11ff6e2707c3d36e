package dev.encore.user.domain;

/** What an account may do; access tokens carry the roles in their {@code groups} claim. */
public enum Role {
    /** Buys tickets: every account. */
    USER,
    /** Runs venues, performances, sales and the closing job. */
    ADMIN,
    /** Checks tickets in at the door (booking-service's {@code POST /api/check-ins}); granted by an ADMIN. */
    SCANNER
}
