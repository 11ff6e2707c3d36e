package dev.encore.catalog.domain;

/** A block of {@code rows} x {@code seatsPerRow} seats; its seats are {@code <name>-<row>-<number>}, from 1. */
public record Section(String name, int rows, int seatsPerRow) {

    public int seatCount() {
        return rows * seatsPerRow;
    }
}
