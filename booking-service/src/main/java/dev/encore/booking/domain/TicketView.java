package dev.encore.booking.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A ticket as its holder gets it: the signed {@code code} (a compact JWS, ES256), the same code as a QR image
 * ({@code qrSvg}, an SVG document), and when it was checked in (null until then).
 */
public record TicketView(UUID bookingId, long performanceId, String seatId, String code, String qrSvg, Instant checkedInAt) {
}
