-- A venue's layout is its sections (rows x seats per row); seat ids <section>-<row>-<number> are derived from it,
-- so a 100,000-seat venue is one row, written and read in one statement.
CREATE TABLE venue (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       varchar(200) NOT NULL,
    sections   jsonb        NOT NULL,
    seat_count integer      NOT NULL CHECK (seat_count BETWEEN 1 AND 100000),
    created_at timestamp(6) with time zone NOT NULL
);

CREATE TABLE performance (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    venue_id      bigint       NOT NULL REFERENCES venue (id),
    title         varchar(200) NOT NULL,
    starts_at     timestamp(6) with time zone NOT NULL,
    ends_at       timestamp(6) with time zone NOT NULL,
    sales_open_at timestamp(6) with time zone NOT NULL,
    -- price per section name, e.g. {"A": 49.00, "B": 29.50}
    prices        jsonb        NOT NULL,
    currency      varchar(3)   NOT NULL,
    queue_enabled boolean      NOT NULL,
    status        varchar(16)  NOT NULL CHECK (status IN ('SCHEDULED', 'ON_SALE', 'CLOSED', 'CANCELLED')),
    closed_at     timestamp(6) with time zone,
    created_at    timestamp(6) with time zone NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX performance_venue_idx ON performance (venue_id);
-- listings: by status and start time, and by start time alone; id breaks ties for stable paging
CREATE INDEX performance_status_starts_idx ON performance (status, starts_at, id);
CREATE INDEX performance_starts_idx ON performance (starts_at, id);
-- closing-job: open performances by end time, in id order for its chunks
CREATE INDEX performance_open_ends_idx ON performance (ends_at, id) WHERE status IN ('SCHEDULED', 'ON_SALE');
-- the sales opener: scheduled performances by opening time
CREATE INDEX performance_scheduled_sales_idx ON performance (sales_open_at) WHERE status = 'SCHEDULED';
