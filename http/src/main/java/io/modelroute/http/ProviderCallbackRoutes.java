package io.modelroute.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.api.CallbackReceived;
import io.modelroute.worker.Dispatcher;
import io.modelroute.worker.internal.CallbackUrls;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/providers/{provider}/callback/{token}} (docs/providers.md): a provider reporting
 * on a job. The signed token, not an API key, authenticates it. Answers 200 whenever the callback
 * was understood (also when it was ignored as stale), so providers stop retrying; 403 for a token
 * that is not ours or a body the provider's own signature check refuses.
 */
final class ProviderCallbackRoutes {
  /** Largest callback body accepted. */
  static final int MAX_BODY = 16 * 1024 * 1024;

  private final Dispatcher dispatcher;

  ProviderCallbackRoutes(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  static boolean isCallback(String path) {
    return path.startsWith(CallbackUrls.PATH) && path.contains("/callback/");
  }

  /** The path with the token hidden, for logs. */
  static String loggable(String path) {
    int i = path.indexOf("/callback/");
    return i < 0 ? path : path.substring(0, i) + "/callback/<redacted>";
  }

  void register(RoutesConfig r) {
    r.post(CallbackUrls.PATH + "{provider}/callback/{token}", this::callback);
  }

  private void callback(Context ctx) throws IOException {
    byte[] body = ctx.bodyInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new ModelRouteException(ErrorCode.PAYLOAD_TOO_LARGE, "Callback body too large");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    Dispatcher.CallbackResult result =
        dispatcher.onCallback(ctx.pathParam("provider"), ctx.pathParam("token"), headers, body);
    if (result == Dispatcher.CallbackResult.REFUSED) {
      throw new ModelRouteException(ErrorCode.FORBIDDEN, "Callback signature refused");
    }
    Requests.json(ctx, 200, new CallbackReceived(true, result.name().toLowerCase(Locale.ROOT)));
  }
}
