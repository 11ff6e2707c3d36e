package dev.encore.booking.service;

import dev.encore.booking.domain.BookingNotFoundException;
import dev.encore.booking.domain.BookingView;
import dev.encore.booking.repository.BookingRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** What a buyer reads of their bookings; another user's booking is as absent as one that never existed. */
@ApplicationScoped
public class BookingQueries {

    private final BookingRepository bookings;

    BookingQueries(BookingRepository bookings) {
        this.bookings = bookings;
    }

    /** Every booking of the user, newest first. */
    public List<BookingView> mine(UUID userId) {
        return bookings.ofUser(userId).stream().map(BookingView::of).toList();
    }

    /** @throws BookingNotFoundException when the booking is not the user's or does not exist */
    public BookingView get(UUID userId, UUID bookingId) {
        return bookings.findOwned(bookingId, userId).map(BookingView::of)
                .orElseThrow(() -> new BookingNotFoundException(bookingId));
    }
}
