package io.modelroute.generated;

import java.util.Map;
import java.util.StringJoiner;

/**
 * The query string of a {@code style: deepObject} parameter whose schema is a map ({@code
 * metadata[key]=value&…}).
 *
 * <p>A workaround for openapi-generator's Java {@code native} library (7.25.0), which calls {@code
 * toUrlQueryString(name)} on every deepObject parameter, also on a {@code Map} that has no such
 * method, so the generated client does not compile. The module's one overridden template ({@code
 * src/main/openapi-templates/libraries/native/api.mustache}) calls {@link #of} for maps.
 */
public final class DeepObjectQuery {
  private DeepObjectQuery() {}

  /**
   * {@code name[key]=value} for every entry, URL-encoded and joined with {@code &}; empty for none.
   */
  public static String of(String name, Map<String, ?> values) {
    StringJoiner query = new StringJoiner("&");
    values.forEach(
        (key, value) ->
            query.add(
                ApiClient.urlEncode(name + "[" + key + "]")
                    + "="
                    + ApiClient.urlEncode(String.valueOf(value))));
    return query.toString();
  }
}
