package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One provider attempt of an execution, an item of {@link ExecutionTrail#attemptTrail()}.
 *
 * @param attempt 1 for the first
 * @param provider the provider's name
 * @param providerModel the model id at the provider
 * @param providerJobId the provider's job id, or {@code null}
 * @param nodeId the node that made it
 * @param startedAt when it started (with the stored sub-second precision)
 * @param endedAt when it ended, or {@code null}
 * @param outcome how it ended, or {@code null} while running
 * @param errorCode the error code when it failed, or {@code null}
 * @param errorMessage the error message when it failed, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptTrailEntry(
    @JsonProperty("attempt") Integer attempt,
    @JsonProperty("provider") String provider,
    @JsonProperty("provider_model") String providerModel,
    @JsonProperty("provider_job_id") String providerJobId,
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("ended_at") Instant endedAt,
    @JsonProperty("outcome") String outcome,
    @JsonProperty("error_code") String errorCode,
    @JsonProperty("error_message") String errorMessage) {}
