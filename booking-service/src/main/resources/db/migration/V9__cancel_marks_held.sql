-- A cancel's mark (V8) is now held by one cancel at a time and no longer lapses for check-in: while it is set, a
-- check-in answers "cancel in progress". A mark older than cancelling_until belongs to a cancel whose replica died;
-- the refund round finds it here and completes the cancel.
CREATE INDEX booking_cancelling_idx ON booking (cancelling_until) WHERE cancelling_until IS NOT NULL;
