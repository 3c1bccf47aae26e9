package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The circuit breaker of one provider model, an item of {@link ProviderHealth#circuits()}.
 *
 * @param providerModel the model at the provider
 * @param state its breaker's state
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderCircuit(
    @JsonProperty("provider_model") String providerModel,
    @JsonProperty("state") CircuitState state) {}
