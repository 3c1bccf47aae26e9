package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a provider callback ({@code POST /v1/providers/{provider}/callback/{token}}, SPEC
 * docs/providers.md): the callback was understood.
 *
 * @param received always {@code true}
 * @param result what was done with it, lower case ({@code accepted}, {@code ignored} or {@code
 *     deferred})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackReceived(
    @JsonProperty("received") boolean received, @JsonProperty("result") String result) {}
