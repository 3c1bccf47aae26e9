-- ModelRoute schema, version 8: the web console's sign-in sessions (issue 13), shared by every
-- node so that a browser signed in on one node is signed in on all of them and a restart signs
-- nobody out. The cookie value is never stored: id_hash is its SHA-256. A tenant session stores
-- the SHA-256 of the API key it was opened with (the same hash api_keys and api_key_secrets hold),
-- so it ends when that secret stops working (revocation, or the end of a rotation's grace hour).
CREATE TABLE console_sessions (
  id_hash     VARCHAR(64)  PRIMARY KEY,
  kind        VARCHAR(16)  NOT NULL,
  key_hash    VARCHAR(64),
  csrf_token  VARCHAR(64)  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT console_sessions_kind CHECK (kind IN ('TENANT', 'OPERATOR')),
  CONSTRAINT console_sessions_tenant_key CHECK ((kind = 'TENANT') = (key_hash IS NOT NULL))
);

CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
