package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.InputValidator;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.execution.internal.JdbiEventStore;
import io.modelroute.execution.internal.WebhookUrlPolicy;
import io.modelroute.file.FileService;
import io.modelroute.file.StoredFile;
import io.modelroute.idempotency.RequestFingerprint;
import io.modelroute.idempotency.internal.JdbiIdempotencyStore;
import io.modelroute.internal.Ids;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, reads, lists, cancels and settles executions. Creating writes the execution, its hold
 * and ledger entry and the idempotency record in one transaction, shared with concurrent creates
 * (group commit, {@link GroupCommitSettings}); a returned 202 is durable. Every settlement is a
 * conditional state change plus the hold's single settlement in one transaction. Thread-safe.
 */
public final class ExecutionService {
  /** Hold = max(this, {@link #HOLD_FACTOR} × estimate). */
  public static final Money MIN_HOLD = Money.parse("0.01");

  public static final BigDecimal HOLD_FACTOR = new BigDecimal("1.2");
  public static final int MAX_METADATA_KEYS = 16;
  public static final int MAX_METADATA_KEY_LENGTH = 64;
  public static final int MAX_METADATA_VALUE_LENGTH = 512;
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);

  private final Jdbi jdbi;
  private final Catalog catalog;
  private final InputValidator validator;
  private final JdbiExecutionStore executions;
  private final JdbiLedgerStore ledger;
  private final JdbiIdempotencyStore idempotency;
  private final JdbiEventStore events;
  private final FileService files;
  private final Clock clock;
  private final WebhookUrlPolicy webhookUrls;
  private final ExecutionLifecycle lifecycle;

  /** The lifecycle's listeners: {@code create} tells them too. */
  private final List<ExecutionListener> listeners;

  private final SubmitBatcher submits;

  /**
   * A service that accepts a {@code webhook_url} only when {@code webhookUrls} does and
   * group-commits creates as {@code groupCommit} says. Starts the committer thread(s); {@link
   * #close()} stops them.
   */
  public ExecutionService(
      Jdbi jdbi,
      Catalog catalog,
      InputValidator validator,
      JdbiExecutionStore executions,
      JdbiLedgerStore ledger,
      JdbiIdempotencyStore idempotency,
      JdbiEventStore events,
      FileService files,
      Clock clock,
      WebhookUrlPolicy webhookUrls,
      GroupCommitSettings groupCommit) {
    this.webhookUrls = webhookUrls;
    this.jdbi = jdbi;
    this.catalog = catalog;
    this.validator = validator;
    this.executions = executions;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.events = events;
    this.files = files;
    this.clock = clock;
    this.lifecycle = new ExecutionLifecycle(jdbi, executions, ledger, events, clock);
    this.listeners = lifecycle.listeners();
    this.submits = new SubmitBatcher(jdbi, executions, ledger, idempotency, clock, groupCommit);
    submits.start();
  }

  /** Registers a listener for creates and changes committed on this node. */
  public void addListener(ExecutionListener listener) {
    lifecycle.addListener(listener);
  }

  /**
   * Internal: the one writer of every transition after create (the dispatcher hands its outcomes to
   * it). Not API.
   */
  public ExecutionLifecycle lifecycle() {
    return lifecycle;
  }

  /**
   * Creates an execution, or replays the stored answer of an earlier identical request with the
   * same idempotency key. Validation and pricing run on the calling thread; the write is
   * group-committed with concurrent creates ({@link GroupCommitSettings}) and returns only once
   * this execution's rows are committed: a 202 is durable. Listeners hear of the new execution
   * after that commit.
   *
   * @param idempotencyKey the client's key, or null
   * @param fingerprint the request's {@link RequestFingerprint}, or null to derive it from {@code
   *     request}
   * @throws ModelRouteException INPUT_VALIDATION_ERROR, FILE_NOT_FOUND, FILE_FORMAT_UNSUPPORTED,
   *     INSUFFICIENT_BALANCE, IDEMPOTENCY_KEY_REUSED, CONFLICT (same key in flight)
   */
  public CreateOutcome create(
      Principal principal, CreateExecution request, String idempotencyKey, String fingerprint) {
    String fp = null;
    if (idempotencyKey != null) {
      checkIdempotencyKey(idempotencyKey);
      fp =
          fingerprint != null
              ? fingerprint
              : RequestFingerprint.of("POST", "/v1/executions", Json.mapper().valueToTree(request));
    }
    SubmitBatcher.Submit submit;
    try {
      submit = prepare(principal, request, idempotencyKey, fp);
    } catch (ModelRouteException e) {
      // an identical earlier request is answered with its stored response even if this one would
      // no longer validate (a file expired, a model was disabled): the key is read only on this
      // failure path, never before a write
      if (idempotencyKey != null) {
        Optional<CreateOutcome> replay = submits.replay(principal.orgId(), idempotencyKey, fp);
        if (replay.isPresent()) {
          return replay.get();
        }
      }
      throw e;
    }
    CreateOutcome outcome = submits.submit(submit);
    if (!outcome.replayed()) {
      for (ExecutionListener l : listeners) {
        l.created(submit.execution());
      }
    }
    return outcome;
  }

  /**
   * Validates and prices a create: the execution to store and its 202 body, nothing written yet.
   * {@code fingerprint} is the request's, given when {@code idempotencyKey} is.
   */
  SubmitBatcher.Submit prepare(
      Principal principal, CreateExecution request, String idempotencyKey, String fingerprint) {
    ModelDefinition model =
        catalog
            .find(request.model())
            .filter(ModelDefinition::enabled)
            .orElseThrow(
                () ->
                    ModelRouteException.invalid(
                        "model",
                        FieldError.INVALID_VALUE,
                        "unknown or disabled model '" + request.model() + "'"));
    List<FieldError> problems = new ArrayList<>();
    checkMetadata(request.metadata(), problems);
    checkWebhookUrl(request.webhookUrl(), problems);
    ObjectNode input;
    try {
      input = validator.validate(model, request.input());
    } catch (ModelRouteException e) {
      if (e.code() != ErrorCode.INPUT_VALIDATION_ERROR) {
        throw e;
      }
      problems.addAll(e.details());
      throw ModelRouteException.invalid(problems);
    }
    if (!problems.isEmpty()) {
      throw ModelRouteException.invalid(problems);
    }
    checkFileReferences(principal.orgId(), model, input);

    Money estimate = model.pricing().estimate(input);
    Money hold = Money.max(MIN_HOLD, estimate.times(HOLD_FACTOR));
    Instant now = clock.instant();
    Execution execution =
        new Execution(
            Ids.execution(),
            principal.orgId(),
            principal.keyId(),
            model.slug(),
            request.mode(),
            ExecutionStatus.PENDING,
            input,
            request.metadata(),
            request.webhookUrl(),
            hold,
            estimate,
            null,
            null,
            null,
            0,
            0,
            null,
            null,
            now,
            null,
            null,
            now.plus(model.timeout()),
            null);
    return new SubmitBatcher.Submit(
        execution, idempotencyKey, fingerprint, Json.write(ExecutionJson.accepted(execution)));
  }

  /** Stops group commit: what is queued commits, later creates commit alone. */
  public void close() {
    submits.close();
  }

  /** Deletes idempotency keys older than their 24 h retention; returns how many. */
  public int purgeExpiredIdempotencyKeys(Instant now) {
    return jdbi.withHandle(h -> idempotency.deleteExpired(h, now, 10_000));
  }

  /** The organization's execution, or {@code 404}. */
  public Execution get(String orgId, String id) {
    if (!Ids.isUuidId(id, "exec_")) {
      throw ModelRouteException.notFound("Execution");
    }
    return jdbi.withHandle(h -> executions.findById(h, orgId, id))
        .orElseThrow(() -> ModelRouteException.notFound("Execution"));
  }

  /** The organization's execution's events (the outbox rows) after {@code afterSeq}, in order. */
  public List<JdbiExecutionStore.StoredEvent> events(String orgId, String id, long afterSeq) {
    return jdbi.withHandle(h -> executions.eventsAfter(h, orgId, id, afterSeq));
  }

  /**
   * The unfinished executions of every organization by model and status, and how many wait for a
   * worker now.
   */
  public QueueDepth queueDepth() {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> new QueueDepth(executions.countActive(h), executions.countDue(h, now)));
  }

  /**
   * Any organization's execution with what only operators see: its organization, route, provider,
   * provider job id and attempt trail. Never for tenant responses.
   */
  public io.modelroute.api.ExecutionTrail operatorView(String id) {
    return jdbi.withHandle(
        h -> {
          Execution e =
              executions
                  .findById(h, id)
                  .orElseThrow(() -> ModelRouteException.notFound("Execution"));
          List<io.modelroute.api.AttemptTrailEntry> trail = new java.util.ArrayList<>();
          for (Map<String, Object> a : executions.attempts(h, id)) {
            trail.add(Json.mapper().convertValue(a, io.modelroute.api.AttemptTrailEntry.class));
          }
          return io.modelroute.api.ExecutionTrail.of(
              ExecutionJson.record(e),
              e.orgId(),
              e.routeIndex(),
              e.provider(),
              e.providerJobId(),
              trail);
        });
  }

  /** The result of a COMPLETED execution; {@code 409 CONFLICT} in any other state. */
  public Execution result(String orgId, String id) {
    Execution e = get(orgId, id);
    if (e.status() != ExecutionStatus.COMPLETED) {
      throw new ModelRouteException(
          ErrorCode.CONFLICT,
          "Execution is " + e.status() + "; a result exists only once it is COMPLETED");
    }
    return e;
  }

  /** One page of the organization's executions, newest first. */
  public Page<Execution> list(String orgId, ExecutionQuery query) {
    return jdbi.withHandle(
        h -> {
          Instant cursorAt = null;
          if (query.startingAfter() != null) {
            cursorAt =
                (Ids.isUuidId(query.startingAfter(), "exec_")
                        ? executions.findById(h, orgId, query.startingAfter())
                        : Optional.<Execution>empty())
                    .map(Execution::createdAt)
                    .orElseThrow(
                        () ->
                            ModelRouteException.invalid(
                                "starting_after", FieldError.INVALID_VALUE, "no such execution"));
          }
          List<Execution> rows = executions.list(h, orgId, query, cursorAt);
          boolean more = rows.size() > query.limit();
          List<Execution> data = more ? rows.subList(0, query.limit()) : rows;
          return new Page<>(data, more, more ? data.get(data.size() - 1).id() : null);
        });
  }

  /**
   * Cancels an active execution and releases its hold at once. Cancelling a CANCELLED execution
   * returns it unchanged; any other terminal state is {@code 409 CONFLICT}.
   */
  public Execution cancel(String orgId, String id) {
    Execution current = get(orgId, id);
    if (current.status() == ExecutionStatus.CANCELLED) {
      return current;
    }
    if (current.status().isTerminal()) {
      throw new ModelRouteException(ErrorCode.CONFLICT, "Execution is already " + current.status());
    }
    Optional<Execution> cancelled = lifecycle.cancel(current);
    if (cancelled.isEmpty()) {
      return cancel(orgId, id);
    }
    return cancelled.get();
  }

  /**
   * Completes an active execution: stores the output, captures {@code actualCost} capped at the
   * hold, releases the rest, and fires {@code execution.completed}. Empty when the execution was
   * already terminal (the late result is ignored and nothing is charged).
   */
  Optional<Execution> complete(Execution e, ObjectNode output, Money actualCost) {
    return lifecycle.complete(e, output, actualCost);
  }

  /**
   * Fails (or expires) an active execution, releasing its whole hold. Empty if already terminal.
   */
  Optional<Execution> fail(Execution e, ExecutionStatus status, ExecutionError error) {
    return switch (status) {
      case FAILED -> lifecycle.fail(e, error);
      case EXPIRED -> lifecycle.expire(e);
      default ->
          throw new IllegalArgumentException("fail moves to FAILED or EXPIRED, not " + status);
    };
  }

  private void checkFileReferences(String orgId, ModelDefinition model, ObjectNode input) {
    for (Map.Entry<String, Set<String>> field : model.fileFields().entrySet()) {
      JsonNode value = input.get(field.getKey());
      if (value == null || value.isNull()) {
        continue;
      }
      String path = "input." + field.getKey();
      StoredFile file =
          files
              .find(orgId, value.asText())
              .filter(StoredFile::isReady)
              .orElseThrow(
                  () ->
                      new ModelRouteException(
                          ErrorCode.FILE_NOT_FOUND,
                          "File "
                              + value.asText()
                              + " does not exist, is not uploaded yet or has expired",
                          List.of(new FieldError(path, "INVALID_VALUE", "file not found"))));
      if (!accepts(field.getValue(), file.contentType())) {
        throw new ModelRouteException(
            ErrorCode.FILE_FORMAT_UNSUPPORTED,
            "Field " + path + " does not accept " + file.contentType() + " files",
            List.of(
                new FieldError(
                    path,
                    "INVALID_VALUE",
                    "accepted types: " + String.join(", ", field.getValue()))));
      }
    }
  }

  /** Whether a content type matches one of the patterns ({@code image/png}, {@code image/*}). */
  static boolean accepts(Set<String> patterns, String contentType) {
    if (contentType == null) {
      return false;
    }
    for (String p : patterns) {
      if (p.equals("*/*")
          || p.equalsIgnoreCase(contentType)
          || (p.endsWith("/*") && contentType.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  private static void checkMetadata(Map<String, String> metadata, List<FieldError> problems) {
    if (metadata.size() > MAX_METADATA_KEYS) {
      problems.add(
          new FieldError(
              "metadata",
              FieldError.OUT_OF_RANGE,
              "metadata may have at most " + MAX_METADATA_KEYS + " keys"));
    }
    metadata.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > MAX_METADATA_KEY_LENGTH) {
            problems.add(
                new FieldError(
                    "metadata." + truncate(k),
                    FieldError.TOO_LONG,
                    "metadata keys must be 1-" + MAX_METADATA_KEY_LENGTH + " characters"));
          }
          if (v.length() > MAX_METADATA_VALUE_LENGTH) {
            problems.add(
                new FieldError(
                    "metadata." + truncate(k),
                    FieldError.TOO_LONG,
                    "metadata values must be at most "
                        + MAX_METADATA_VALUE_LENGTH
                        + " characters"));
          }
        });
  }

  private void checkWebhookUrl(String url, List<FieldError> problems) {
    if (url == null) {
      return;
    }
    webhookUrls
        .problem(url)
        .ifPresent(
            problem ->
                problems.add(new FieldError("webhook_url", FieldError.INVALID_VALUE, problem)));
  }

  private static void checkIdempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw ModelRouteException.invalid(
          "Idempotency-Key",
          FieldError.TOO_LONG,
          "Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64);
  }
}
