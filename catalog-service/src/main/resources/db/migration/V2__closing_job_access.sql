-- closing-job walks open performances in id order, each chunk starting after the last: this index holds only
-- the open ones, so closed rows drop out of its walk instead of being skipped again and again.
CREATE INDEX performance_open_id_idx ON performance (id) WHERE status IN ('SCHEDULED', 'ON_SALE');
DROP INDEX performance_open_ends_idx;

-- closing-job's role may read the three columns that decide "ended" and write the two that close; nothing else.
-- The role is created by the operator (scripts/up, the k8s database job) before the services start.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${closingRole}') THEN
        GRANT USAGE ON SCHEMA public TO ${closingRole};
        GRANT SELECT (id, status, ends_at), UPDATE (status, closed_at) ON performance TO ${closingRole};
    END IF;
END
$$;
