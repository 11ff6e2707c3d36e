package dev.encore.edge.routing;

/** What a route asks of the caller before the edge forwards it. */
public enum Access {
    /** Anyone; a token, if sent, is the upstream's business. */
    PUBLIC,
    /** Reads are public, writes need a valid, unrevoked token (catalog administration). */
    TOKEN_FOR_WRITES,
    /** A valid, unrevoked token on every call. */
    TOKEN
}
