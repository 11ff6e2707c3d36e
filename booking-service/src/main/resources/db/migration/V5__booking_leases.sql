-- One actor drives a PENDING booking at a time (the confirm that started it, a retry under its key, or the
-- reconciler on any replica): it holds the lease until lease_until, by the database clock. charge_sent_at is when
-- the last charge under the booking's key was sent: the provider's "no such charge" is final only once no charge
-- sent then can still be in flight (docs: the payment lease).
ALTER TABLE booking ADD COLUMN lease_owner uuid;
ALTER TABLE booking ADD COLUMN lease_until timestamp(6) with time zone;
ALTER TABLE booking ADD COLUMN charge_sent_at timestamp(6) with time zone;
