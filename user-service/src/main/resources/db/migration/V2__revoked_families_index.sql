-- Redis restarting empty loses the revocation list; the families revoked within the last access-token lifetime are
-- written back from here (RevocationRestorer)
CREATE INDEX refresh_family_revoked_idx ON refresh_family (revoked_at) WHERE revoked_at IS NOT NULL;
