package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A failed attempt at a provider, an item of {@link ProviderHealth#recentErrors()}.
 *
 * @param providerModel the model at the provider
 * @param code the error code the provider's failure was classified as
 * @param retryable whether it counted against the model's circuit breaker
 * @param at when it failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderFailure(
    @JsonProperty("provider_model") String providerModel,
    @JsonProperty("code") ErrorCode code,
    @JsonProperty("retryable") boolean retryable,
    @JsonProperty("at") Instant at) {}
