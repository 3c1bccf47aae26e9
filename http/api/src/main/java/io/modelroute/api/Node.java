package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A server node sharing the database, an item of {@link Nodes}.
 *
 * @param nodeId its id
 * @param state working, silent or stopped
 * @param startedAt when it started
 * @param lastHeartbeat its last heartbeat
 * @param stoppedAt when it stopped cleanly, or {@code null}
 * @param version the ModelRoute version it runs
 * @param host its host name
 * @param pid its process id
 * @param workerThreads its worker threads
 * @param leasedExecutions the executions it holds leases on now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("state") NodeState state,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("last_heartbeat") Instant lastHeartbeat,
    @JsonProperty("stopped_at") Instant stoppedAt,
    @JsonProperty("version") String version,
    @JsonProperty("host") String host,
    @JsonProperty("pid") long pid,
    @JsonProperty("worker_threads") int workerThreads,
    @JsonProperty("leased_executions") int leasedExecutions) {}
