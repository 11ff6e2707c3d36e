package dev.encore.user.domain;

import java.util.Locale;

public final class EmailAddress {

    private EmailAddress() {
    }

    /** One mailbox, one account: "  Ada@Example.ORG " and "ada@example.org" are the same login. */
    public static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
