package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/files/confirm} (docs/files.md); the answer is the {@link FileInfo}.
 *
 * @param fileId {@code file_…}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileConfirmRequest(@JsonProperty("file_id") String fileId) {}
