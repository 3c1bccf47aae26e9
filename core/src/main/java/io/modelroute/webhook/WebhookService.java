package io.modelroute.webhook;

import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.OrganizationService;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.execution.EventType;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.Page;
import io.modelroute.internal.Ids;
import io.modelroute.webhook.JdbiWebhookDeliveryStore.NewDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook API of an organization (docs/webhooks.md): register, list, read, change and delete
 * endpoints, send test events, read the delivery log and retry a delivery, and read the default
 * signing secret used for per-execution {@code webhook_url}s. Every method is scoped to one
 * organization; another organization's endpoint behaves exactly like a missing one. Permission
 * checks (FULL keys only) belong to the caller.
 *
 * <p>Get it from {@code ModelRoute.webhooks()}; the HTTP layer's webhook routes call it too.
 * Thread-safe; one per {@code ModelRoute}.
 */
public final class WebhookService {
  /** The event name of {@code POST …/test} deliveries. */
  public static final String TEST_EVENT = "webhook.test";

  /** The event names an endpoint may subscribe to. */
  public static final List<String> EVENT_TYPES =
      Arrays.stream(EventType.values()).map(EventType::wireName).toList();

  /** The most endpoints one organization may register. */
  public static final int MAX_ENDPOINTS_PER_ORGANIZATION = 50;

  /** The longest endpoint description, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 500;

  /** The most custom headers one endpoint may send. */
  public static final int MAX_HEADERS = 20;

  /** The longest custom header name, in characters. */
  public static final int MAX_HEADER_NAME_LENGTH = 64;

  /** The longest custom header value, in characters. */
  public static final int MAX_HEADER_VALUE_LENGTH = 1024;

  /** How far back {@link #recover} reaches. */
  public static final java.time.Duration MAX_RECOVER_WINDOW = java.time.Duration.ofDays(14);

  /** Largest page of the delivery log. */
  public static final int MAX_PAGE = 100;

  /**
   * Headers ModelRoute sets itself (or the HTTP stack owns); custom headers may not replace them.
   */
  static final Set<String> RESERVED_HEADERS =
      Set.of(
          "content-type",
          "content-length",
          "content-encoding",
          "user-agent",
          "host",
          "x-signature",
          "x-signature-timestamp",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "upgrade",
          "expect",
          "proxy-authorization",
          "proxy-connection");

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7e]*");

  /**
   * A new endpoint with its signing secret, which is shown this once. Immutable.
   *
   * @param endpoint the endpoint as registered
   * @param secret its signing secret, {@code whsec_…}; store it, it cannot be read again
   */
  public record CreatedEndpoint(WebhookEndpoint endpoint, String secret) {}

  private final Jdbi jdbi;
  private final JdbiWebhookEndpointStore endpoints;
  private final JdbiWebhookDeliveryStore deliveries;
  private final EndpointCache cache;
  private final JdbiOrganizationStore organizations;
  private final EgressPolicy egress;
  private final Runnable newWork;
  private final Clock clock;

  WebhookService(
      Jdbi jdbi,
      JdbiWebhookEndpointStore endpoints,
      JdbiWebhookDeliveryStore deliveries,
      EndpointCache cache,
      JdbiOrganizationStore organizations,
      EgressPolicy egress,
      Runnable newWork,
      Clock clock) {
    this.jdbi = jdbi;
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.cache = cache;
    this.organizations = organizations;
    this.egress = egress;
    this.newWork = newWork;
    this.clock = clock;
  }

  /**
   * Registers an endpoint, active at once, with a new secret ({@code whsec_…}).
   *
   * @throws ModelRouteException INPUT_VALIDATION_ERROR (url, description, events, headers; a URL
   *     that is not https or reaches a private address), CONFLICT at {@value
   *     #MAX_ENDPOINTS_PER_ORGANIZATION} endpoints
   */
  public CreatedEndpoint create(String orgId, WebhookEndpointRequest request) {
    List<FieldError> problems = new ArrayList<>();
    checkUrl(request.url(), problems);
    String description = checkDescription(request.description(), problems);
    List<String> events = checkEvents(request.events(), problems);
    checkHeaders(request.headers(), problems);
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    WebhookEndpoint endpoint =
        new WebhookEndpoint(
            Ids.webhookEndpoint(),
            orgId,
            request.url(),
            description,
            events,
            request.headers(),
            true,
            0,
            null,
            null,
            clock.instant());
    String secret = OrganizationService.newWebhookSecret();
    jdbi.useTransaction(
        h -> {
          organizations.lock(h, orgId); // serialises the count check below
          if (endpoints.count(h, orgId) >= MAX_ENDPOINTS_PER_ORGANIZATION) {
            throw new ModelRouteException(
                ErrorCode.CONFLICT,
                "An organization can have at most "
                    + MAX_ENDPOINTS_PER_ORGANIZATION
                    + " webhook endpoints");
          }
          endpoints.insert(h, endpoint, secret);
          cache.changed(h);
        });
    cache.invalidate();
    return new CreatedEndpoint(endpoint, secret);
  }

  /** The organization's endpoints, oldest first. */
  public List<WebhookEndpoint> list(String orgId) {
    return jdbi.withHandle(h -> endpoints.list(h, orgId));
  }

  /** The organization's endpoint, or {@code 404}. */
  public WebhookEndpoint get(String orgId, String id) {
    if (!Ids.isUuidId(id, "wh_")) {
      throw ModelRouteException.notFound("Webhook endpoint");
    }
    return jdbi.withHandle(h -> endpoints.findById(h, orgId, id))
        .orElseThrow(() -> ModelRouteException.notFound("Webhook endpoint"));
  }

  /**
   * Changes an endpoint. Re-activating an inactive one ({@code active: true}) resets its failure
   * count; its held ({@link DeliveryStatus#PAUSED}) and pending deliveries then go out, in order.
   * Switching it off holds its deliveries from then on (events keep being recorded for it).
   */
  public WebhookEndpoint update(String orgId, String id, WebhookEndpointPatch patch) {
    WebhookEndpoint current = get(orgId, id);
    List<FieldError> problems = new ArrayList<>();
    String url = current.url();
    if (patch.url() != null) {
      checkUrl(patch.url(), problems);
      url = patch.url();
    }
    String description =
        patch.description() == null
            ? current.description()
            : checkDescription(patch.description(), problems);
    List<String> events =
        patch.events() == null ? current.events() : checkEvents(patch.events(), problems);
    Map<String, String> headers = current.headers();
    if (patch.headers() != null) {
      checkHeaders(patch.headers(), problems);
      headers = patch.headers();
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    WebhookEndpoint changed =
        new WebhookEndpoint(
            current.id(),
            orgId,
            url,
            description,
            events,
            headers,
            current.active(),
            current.failureCount(),
            current.lastSuccess(),
            current.lastFailure(),
            current.createdAt());
    Instant now = clock.instant();
    boolean updated =
        jdbi.inTransaction(
            h -> {
              if (!endpoints.update(h, changed, patch.active())) {
                return false;
              }
              if (Boolean.TRUE.equals(patch.active())) {
                deliveries.resume(h, id, now, now.plus(RetrySchedule.EXPIRY));
              }
              cache.changed(h);
              return true;
            });
    cache.invalidate();
    if (!updated) {
      throw ModelRouteException.notFound("Webhook endpoint");
    }
    if (Boolean.TRUE.equals(patch.active())) {
      newWork.run(); // a re-activated endpoint's waiting deliveries are due
    }
    return get(orgId, id);
  }

  /** Deletes an endpoint with its pending deliveries and delivery log. */
  public void delete(String orgId, String id) {
    get(orgId, id);
    // deliveries first, then the endpoint: the order in which an attempt's outcome locks them
    boolean deleted =
        jdbi.inTransaction(
            h -> {
              if (endpoints.findById(h, orgId, id).isEmpty()) {
                return false;
              }
              deliveries.deleteForEndpoint(h, id);
              endpoints.delete(h, orgId, id);
              cache.changed(h);
              return true;
            });
    cache.invalidate();
    if (!deleted) {
      throw ModelRouteException.notFound("Webhook endpoint");
    }
  }

  /**
   * Queues a {@code webhook.test} event for the endpoint, signed and retried like any other
   * delivery, and returns the delivery. An inactive endpoint is a {@code 409 CONFLICT}.
   */
  public WebhookDelivery sendTest(String orgId, String id) {
    WebhookEndpoint endpoint = get(orgId, id);
    requireActive(endpoint);
    Instant now = clock.instant();
    String eventId = Ids.event();
    io.modelroute.api.Event<io.modelroute.api.TestEventData> payload =
        new io.modelroute.api.Event<>(
            eventId,
            TEST_EVENT,
            TEST_EVENT,
            ExecutionJson.instant(now),
            io.modelroute.api.Event.VERSION,
            orgId,
            null,
            new io.modelroute.api.TestEventData(
                endpoint.id(),
                "A test event from ModelRoute: this endpoint receives and verifies deliveries."));
    String deliveryId = DeliveryFanOut.newId();
    NewDelivery row =
        new NewDelivery(
            deliveryId,
            orgId,
            endpoint.id(),
            null,
            eventId,
            TEST_EVENT,
            null,
            Json.write(payload),
            RetrySchedule.MAX_ATTEMPTS,
            now,
            now.plus(RetrySchedule.EXPIRY),
            false);
    WebhookDelivery queued =
        jdbi.inTransaction(
            h -> {
              deliveries.insert(h, List.of(row));
              return deliveries.findById(h, deliveryId).orElseThrow();
            });
    newWork.run();
    return queued;
  }

  /**
   * One page of an endpoint's deliveries, newest first.
   *
   * @param limit 1–{@value #MAX_PAGE}
   * @param startingAfter the last delivery id of the previous page, or null
   */
  public Page<WebhookDelivery> deliveries(
      String orgId, String endpointId, int limit, String startingAfter) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw ModelRouteException.invalid(
          "limit", FieldError.OUT_OF_RANGE, "limit must be between 1 and " + MAX_PAGE);
    }
    get(orgId, endpointId);
    return jdbi.withHandle(
        h -> {
          Long before = null;
          if (startingAfter != null) {
            before =
                deliveries
                    .seqOf(h, endpointId, startingAfter)
                    .orElseThrow(
                        () ->
                            ModelRouteException.invalid(
                                "starting_after",
                                FieldError.INVALID_VALUE,
                                "no such delivery of this endpoint"));
          }
          List<WebhookDelivery> rows = deliveries.listForEndpoint(h, endpointId, before, limit + 1);
          boolean more = rows.size() > limit;
          List<WebhookDelivery> data = more ? rows.subList(0, limit) : rows;
          return new Page<>(data, more, more ? data.get(data.size() - 1).id() : null);
        });
  }

  /** One delivery of the organization's endpoint, or {@code 404}. */
  public WebhookDelivery delivery(String orgId, String endpointId, String deliveryId) {
    get(orgId, endpointId);
    if (!Ids.isUuidId(deliveryId, "dlv_")) {
      throw ModelRouteException.notFound("Webhook delivery");
    }
    return jdbi.withHandle(h -> deliveries.findById(h, orgId, endpointId, deliveryId))
        .orElseThrow(() -> ModelRouteException.notFound("Webhook delivery"));
  }

  /** The attempt log of one delivery, oldest first. */
  public List<DeliveryAttempt> attempts(String orgId, String endpointId, String deliveryId) {
    WebhookDelivery d = delivery(orgId, endpointId, deliveryId);
    return jdbi.withHandle(h -> deliveries.attempts(h, d.id()));
  }

  /**
   * Tries a delivery again now: a pending one is brought forward; a SUCCEEDED or FAILED one gets
   * exactly one more attempt (signed afresh). {@code 409 CONFLICT} while the endpoint is inactive.
   */
  public WebhookDelivery retry(String orgId, String endpointId, String deliveryId) {
    WebhookDelivery d = delivery(orgId, endpointId, deliveryId);
    requireActive(get(orgId, endpointId));
    Instant now = clock.instant();
    WebhookDelivery retried =
        jdbi.inTransaction(
            h -> {
              deliveries.retry(h, d.id(), now, now.plus(RetrySchedule.EXPIRY));
              return deliveries
                  .findById(h, d.id())
                  .orElseThrow(() -> ModelRouteException.notFound("Webhook delivery"));
            });
    newWork.run();
    return retried;
  }

  /**
   * Re-queues the endpoint's deliveries that gave up — every attempt failed, or they expired — for
   * events since {@code since} (as Svix's "recover"): each is due now with a fresh expiry and a
   * full retry schedule. Returns how many were re-queued. {@code 409 CONFLICT} while the endpoint
   * is inactive (re-activating it sends its held deliveries anyway).
   *
   * @throws ModelRouteException INPUT_VALIDATION_ERROR for a {@code since} in the future or more
   *     than {@link #MAX_RECOVER_WINDOW} ago
   */
  public int recover(String orgId, String endpointId, Instant since) {
    requireActive(get(orgId, endpointId));
    Instant now = clock.instant();
    if (since == null) {
      throw ModelRouteException.invalid("since", FieldError.REQUIRED, "since is required");
    }
    if (since.isAfter(now)) {
      throw ModelRouteException.invalid(
          "since", FieldError.OUT_OF_RANGE, "since must not be in the future");
    }
    if (since.isBefore(now.minus(MAX_RECOVER_WINDOW))) {
      throw ModelRouteException.invalid(
          "since",
          FieldError.OUT_OF_RANGE,
          "since must be within the last " + MAX_RECOVER_WINDOW.toDays() + " days");
    }
    int recovered =
        jdbi.withHandle(
            h -> deliveries.recover(h, endpointId, since, now, now.plus(RetrySchedule.EXPIRY)));
    if (recovered > 0) {
      newWork.run();
    }
    return recovered;
  }

  /**
   * The organization's default secret, which signs deliveries to per-execution {@code
   * webhook_url}s.
   */
  public String signingSecret(String orgId) {
    return jdbi.withHandle(h -> organizations.webhookSecret(h, orgId))
        .orElseThrow(() -> ModelRouteException.notFound("Organization"));
  }

  private static void requireActive(WebhookEndpoint endpoint) {
    if (!endpoint.active()) {
      throw new ModelRouteException(
          ErrorCode.CONFLICT,
          "Webhook endpoint is inactive; re-activate it with PATCH {\"is_active\": true} first");
    }
  }

  private void checkUrl(String url, List<FieldError> problems) {
    if (url == null || url.isBlank()) {
      problems.add(new FieldError("url", FieldError.REQUIRED, "url is required"));
      return;
    }
    if (url.length() > EgressPolicy.MAX_URL_LENGTH) {
      problems.add(
          new FieldError(
              "url",
              FieldError.TOO_LONG,
              "url must be at most " + EgressPolicy.MAX_URL_LENGTH + " characters"));
      return;
    }
    egress
        .problem(url)
        .ifPresent(p -> problems.add(new FieldError("url", FieldError.INVALID_VALUE, p)));
  }

  private static String checkDescription(String description, List<FieldError> problems) {
    if (description == null || description.isEmpty()) {
      return null;
    }
    if (description.length() > MAX_DESCRIPTION_LENGTH) {
      problems.add(
          new FieldError(
              "description",
              FieldError.TOO_LONG,
              "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
    }
    return description;
  }

  private static List<String> checkEvents(List<String> events, List<FieldError> problems) {
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      String e = events.get(i);
      if (e == null || !EVENT_TYPES.contains(e)) {
        problems.add(
            new FieldError(
                "events[" + i + "]",
                FieldError.INVALID_VALUE,
                "unknown event '" + e + "'; one of " + String.join(", ", EVENT_TYPES)));
      } else {
        unique.add(e);
      }
    }
    return List.copyOf(unique);
  }

  private static void checkHeaders(Map<String, String> headers, List<FieldError> problems) {
    if (headers.size() > MAX_HEADERS) {
      problems.add(
          new FieldError(
              "headers", FieldError.OUT_OF_RANGE, "at most " + MAX_HEADERS + " custom headers"));
      return;
    }
    Set<String> seen = new LinkedHashSet<>();
    headers.forEach(
        (name, value) -> {
          String field =
              "headers."
                  + (name.length() <= MAX_HEADER_NAME_LENGTH
                      ? name
                      : name.substring(0, MAX_HEADER_NAME_LENGTH));
          String lower = name.toLowerCase(Locale.ROOT);
          if (name.isEmpty()
              || name.length() > MAX_HEADER_NAME_LENGTH
              || !HEADER_NAME.matcher(name).matches()) {
            problems.add(
                new FieldError(
                    field,
                    FieldError.INVALID_VALUE,
                    "header names are 1-"
                        + MAX_HEADER_NAME_LENGTH
                        + " letters, digits and !#$%&'*+-.^_`|~"));
          } else if (RESERVED_HEADERS.contains(lower)) {
            problems.add(
                new FieldError(
                    field,
                    FieldError.INVALID_VALUE,
                    "the " + name + " header is set by ModelRoute"));
          } else if (!seen.add(lower)) {
            problems.add(
                new FieldError(
                    field, FieldError.INVALID_VALUE, "the " + name + " header is given twice"));
          }
          if (value == null
              || value.length() > MAX_HEADER_VALUE_LENGTH
              || !HEADER_VALUE.matcher(value).matches()) {
            problems.add(
                new FieldError(
                    field,
                    FieldError.INVALID_VALUE,
                    "header values are at most "
                        + MAX_HEADER_VALUE_LENGTH
                        + " printable ASCII characters"));
          }
        });
  }
}
