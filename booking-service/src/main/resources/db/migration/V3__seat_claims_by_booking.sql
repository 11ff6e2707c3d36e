-- selling, declining and cancelling move a booking's claims by booking_id: without this index each of them scanned
-- every claim ever made
CREATE INDEX seat_claim_booking_idx ON seat_claim (booking_id) WHERE booking_id IS NOT NULL;
