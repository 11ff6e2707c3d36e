package dev.encore.booking.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code <section>-<row>-<number>}, rows and numbers from 1, e.g. {@code A-3-12}. */
public record SeatId(String section, int row, int number) {

    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9]{1,16})-([1-9][0-9]{0,3})-([1-9][0-9]{0,3})");

    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    public static SeatId parse(String id) {
        Matcher matcher = FORMAT.matcher(id);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a seat id: " + id);
        }
        return new SeatId(matcher.group(1), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
    }

    @Override
    public String toString() {
        return section + "-" + row + "-" + number;
    }
}
