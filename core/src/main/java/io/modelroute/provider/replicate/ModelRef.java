package io.modelroute.provider.replicate;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A route's {@code provider_model}, read as Replicate names models, and the create endpoint it
 * needs:
 *
 * <ul>
 *   <li>{@code owner/name} — an official model: {@code POST /models/{owner}/{name}/predictions};
 *   <li>{@code owner/name:version} or a bare 64-hex version id — a community model version: {@code
 *       POST /predictions} with {@code "version": "<id>"};
 *   <li>{@code deployments/owner/name} — a deployment: {@code POST
 *       /deployments/{owner}/{name}/predictions}.
 * </ul>
 *
 * Anything else is the operator's mistake in the catalog and fails with {@code INTERNAL_ERROR}.
 *
 * @param pathSegments the create endpoint below the base URL
 * @param version the version id to send, or {@code null}
 */
record ModelRef(List<String> pathSegments, String version) {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
  private static final Pattern OFFICIAL = Pattern.compile("(" + NAME + ")/(" + NAME + ")");
  private static final Pattern VERSIONED =
      Pattern.compile(NAME + "/" + NAME + ":([0-9a-fA-F]{16,128})");
  private static final Pattern BARE_VERSION = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern DEPLOYMENT =
      Pattern.compile("deployments/(" + NAME + ")/(" + NAME + ")");

  ModelRef {
    pathSegments = List.copyOf(pathSegments);
  }

  static ModelRef parse(String providerModel) {
    String m = providerModel == null ? "" : providerModel.trim();
    Matcher d = DEPLOYMENT.matcher(m);
    if (d.matches()) {
      return new ModelRef(List.of("deployments", d.group(1), d.group(2), "predictions"), null);
    }
    Matcher v = VERSIONED.matcher(m);
    if (v.matches()) {
      return new ModelRef(List.of("predictions"), v.group(1));
    }
    if (BARE_VERSION.matcher(m).matches()) {
      return new ModelRef(List.of("predictions"), m);
    }
    Matcher o = OFFICIAL.matcher(m);
    if (o.matches()) {
      return new ModelRef(List.of("models", o.group(1), o.group(2), "predictions"), null);
    }
    throw new ProviderException(
        ErrorCode.INTERNAL_ERROR,
        "Route provider_model must be owner/name, owner/name:version, a version id or"
            + " deployments/owner/name, got '"
            + m
            + "'");
  }

  /** The create endpoint under {@code base}. */
  HttpUrl createUrl(HttpUrl base) {
    HttpUrl.Builder b = base.newBuilder();
    pathSegments.forEach(b::addPathSegment);
    return b.build();
  }
}
