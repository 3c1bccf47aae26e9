package io.modelroute.provider.fal;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job id the adapter hands the engine: {@code <app id>/requests/<request id>}, e.g. {@code
 * fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b} — exactly the path of the request's
 * result under the queue base URL, so it is readable in the attempt trail and is all that poll,
 * cancel and callback need (no state is kept, jobs survive restarts and catalog edits).
 *
 * <p>The app id is the endpoint id without its subpath: fal addresses status, result and cancel by
 * {@code owner/app} only ({@code fal-ai/flux/dev} → {@code fal-ai/flux}), or by {@code
 * namespace/owner/app} for the reserved namespaces {@code workflows} and {@code comfy}.
 */
record FalJobId(String appId, String requestId) {
  private static final String SEGMENT = "[A-Za-z0-9_.-]+";
  private static final Pattern REQUEST_ID = Pattern.compile(SEGMENT);
  private static final Pattern JOB_ID =
      Pattern.compile("(" + SEGMENT + "(?:/" + SEGMENT + "){1,2})/requests/(" + SEGMENT + ")");
  private static final List<String> NAMESPACES = List.of("workflows", "comfy");

  FalJobId {
    if (appId == null || !appId.equals(appId(appId + "/x"))) {
      throw new IllegalArgumentException("not an app id: " + appId);
    }
    if (!isRequestId(requestId)) {
      throw new IllegalArgumentException("not a request id: " + requestId);
    }
  }

  /** Whether fal's {@code request_id} is safe to use as one path segment. */
  static boolean isRequestId(String requestId) {
    return requestId != null
        && requestId.length() <= 200
        && REQUEST_ID.matcher(requestId).matches()
        && !requestId.equals(".")
        && !requestId.equals("..");
  }

  /**
   * The app id of a route's endpoint id ({@code provider_model}); a malformed one is the operator's
   * catalog mistake and fails with {@code INTERNAL_ERROR}.
   */
  static String appId(String endpointId) {
    String[] parts = endpointId == null ? new String[0] : endpointId.split("/", -1);
    boolean valid =
        parts.length >= 2
            && Arrays.stream(parts)
                .allMatch(p -> p.matches(SEGMENT) && !p.equals(".") && !p.equals(".."));
    int appSegments = parts.length > 0 && NAMESPACES.contains(parts[0]) ? 3 : 2;
    if (!valid || parts.length < appSegments) {
      throw new ProviderException(
          ErrorCode.INTERNAL_ERROR,
          "Route provider_model is not an endpoint id (owner/app[/path]): " + endpointId);
    }
    return String.join("/", Arrays.copyOf(parts, appSegments));
  }

  /** Reads a job id this adapter made; anything else fails with {@code INTERNAL_ERROR}. */
  static FalJobId parse(String jobId) {
    Matcher m = jobId == null ? null : JOB_ID.matcher(jobId);
    if (m == null || !m.matches()) {
      throw new ProviderException(ErrorCode.INTERNAL_ERROR, "Unknown job id: " + jobId);
    }
    try {
      return new FalJobId(m.group(1), m.group(2));
    } catch (ProviderException | IllegalArgumentException e) {
      throw new ProviderException(ErrorCode.INTERNAL_ERROR, "Unknown job id: " + jobId, e);
    }
  }

  /** The job id text. */
  String value() {
    return appId + "/requests/" + requestId;
  }

  @Override
  public String toString() {
    return value();
  }
}
