-- ModelRoute schema, version 7: cluster membership and cluster-wide limits (issue 11).
-- (Numbered 7 so it cannot collide with a version 6 written in parallel.)

-- Every node that runs workers registers here on start, heartbeats every few seconds and marks
-- itself STOPPED on a clean shutdown. A RUNNING row whose heartbeat is old is a node that died.
CREATE TABLE nodes (
  node_id         VARCHAR(128) PRIMARY KEY,
  status          VARCHAR(16)  NOT NULL,
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  last_heartbeat  TIMESTAMP WITH TIME ZONE NOT NULL,
  stopped_at      TIMESTAMP WITH TIME ZONE,
  version         VARCHAR(64)  NOT NULL,
  host            VARCHAR(255) NOT NULL,
  pid             BIGINT       NOT NULL,
  worker_threads  INTEGER      NOT NULL,
  CONSTRAINT nodes_status CHECK (status IN ('RUNNING', 'STOPPED'))
);

-- The slots of a provider's cluster-wide concurrency limit (PostgreSQL clusters only): a node
-- takes a free slot (or one whose lease ran out) for an execution's attempt and gives it back when
-- the attempt is over; its heartbeat extends the leases of the slots it holds, so a dead node's
-- slots come back within one lease.
CREATE TABLE provider_permits (
  provider      VARCHAR(64)  NOT NULL,
  slot          INTEGER      NOT NULL,
  node_id       VARCHAR(128),
  execution_id  VARCHAR(64),
  lease_until   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (provider, slot)
);
CREATE INDEX provider_permits_node ON provider_permits (node_id);

-- One token bucket per rate-limit key shared by the cluster (PostgreSQL clusters only): each node
-- reports what it let through every sync interval and reads back the tokens left.
CREATE TABLE rate_limit_buckets (
  bucket_key  VARCHAR(128)     PRIMARY KEY,
  tokens      DOUBLE PRECISION NOT NULL,
  updated_ms  BIGINT           NOT NULL
);
CREATE INDEX rate_limit_buckets_updated ON rate_limit_buckets (updated_ms);
