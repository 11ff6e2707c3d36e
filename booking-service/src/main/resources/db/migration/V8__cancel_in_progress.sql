-- A buyer's cancel marks the booking before it asks for the refund, under the booking's row lock and only when no
-- ticket of it is checked in; until this time (the database clock) a check-in answers "cancel in progress" instead
-- of admitting. Cleared when the refund fails; it lapses by itself if the cancelling replica dies.
ALTER TABLE booking ADD COLUMN cancelling_until timestamp(6) with time zone;
