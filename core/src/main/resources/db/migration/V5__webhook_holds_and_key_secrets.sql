-- ModelRoute schema, version 5: webhooks that never drop (SPEC §8), cross-node cache versions,
-- and every rotated-out API key secret with its own grace period (SPEC §2).
-- (Numbered 5, not 4, so it cannot collide with a version 4 written in parallel.)

-- The start of an endpoint's current run of failures: it is deactivated only when the run spans
-- longer than the retry schedule. NULL while the endpoint is not failing.
ALTER TABLE webhook_endpoints ADD COLUMN failing_since TIMESTAMP WITH TIME ZONE;

-- PAUSED: a delivery held while its endpoint is inactive; not attempted and not expiring until the
-- endpoint is re-activated.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_status;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status
  CHECK (status IN ('PENDING', 'PAUSED', 'SUCCEEDED', 'FAILED'));
CREATE INDEX webhook_deliveries_endpoint_status ON webhook_deliveries (endpoint_id, status);

-- One counter per node-local cache (webhook endpoint sets, API keys): bumped in the transaction of
-- every change; each node reads it at most once per check interval and drops its cache when it moved.
CREATE TABLE cache_versions (
  name     VARCHAR(64) PRIMARY KEY,
  version  BIGINT      NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('webhook_endpoints', 0);
INSERT INTO cache_versions (name, version) VALUES ('api_keys', 0);

-- Secrets a key was rotated away from, each valid until its own time (rotation + 1 hour).
CREATE TABLE api_key_secrets (
  key_hash     VARCHAR(64) PRIMARY KEY,
  key_id       VARCHAR(40) NOT NULL REFERENCES api_keys (id),
  valid_until  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX api_key_secrets_key ON api_key_secrets (key_id);
INSERT INTO api_key_secrets (key_hash, key_id, valid_until)
  SELECT previous_key_hash, id, previous_valid_until FROM api_keys
  WHERE previous_key_hash IS NOT NULL AND previous_valid_until IS NOT NULL;
UPDATE api_keys SET previous_key_hash = NULL, previous_valid_until = NULL;
