-- When sales stop: by default when the performance starts, at the latest when it ends (issue: a sales window that
-- closes). booking-service copies the window and checks it against the database clock in every hold and confirm.
ALTER TABLE performance ADD COLUMN sales_close_at timestamp(6) with time zone;
UPDATE performance SET sales_close_at = starts_at;
ALTER TABLE performance ALTER COLUMN sales_close_at SET NOT NULL;
-- the service also checks that sales close after they open (with the caller's field named)
ALTER TABLE performance ADD CONSTRAINT performance_sales_close_check CHECK (sales_close_at <= ends_at);
