-- A buyer's cancel marks the booking before it asks for the refund, under the booking's row lock and only when no
-- ticket of it is checked in and no other cancel holds the mark. While the mark is set a check-in answers "cancel in
-- progress" instead of admitting. The cancel clears it when its refund fails; its last transaction cancels the
-- booking. A mark older than this time belongs to a cancel whose replica died: the refund round completes it.
ALTER TABLE booking ADD COLUMN cancelling_until timestamp(6) with time zone;
CREATE INDEX booking_cancelling_idx ON booking (cancelling_until) WHERE cancelling_until IS NOT NULL;
