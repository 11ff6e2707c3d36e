-- in closing-job's own schema "closing" of encore_catalog: its role owns this schema and nothing else
CREATE TABLE closing_run (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger     varchar(16) NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
    started_at  timestamp(6) with time zone NOT NULL,
    finished_at timestamp(6) with time zone,
    closed      bigint  NOT NULL DEFAULT 0,
    chunks      integer NOT NULL DEFAULT 0,
    outcome     varchar(16) NOT NULL CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'ABANDONED')),
    error       text
);
CREATE INDEX closing_run_started_idx ON closing_run (started_at DESC);
