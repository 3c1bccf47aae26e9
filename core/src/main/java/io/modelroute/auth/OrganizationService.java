package io.modelroute.auth;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.billing.EntryType;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.db.internal.SqlErrors;
import io.modelroute.internal.Ids;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Operator actions on organizations: create one (with its balance account, webhook signing secret,
 * opening credit and first FULL key), find and list them, set their file retention.
 *
 * <p>Get it from {@code ModelRoute.organizations()}; the admin API and {@code modelroute admin}
 * call it. Thread-safe; one per {@code ModelRoute}.
 */
public final class OrganizationService {
  /**
   * A new organization with its first key's secret, shown once. Immutable.
   *
   * @param organization the organization as created
   * @param key its first FULL key, with the secret
   */
  public record CreatedOrganization(Organization organization, ApiKeyService.CreatedKey key) {}

  private final Jdbi jdbi;
  private final JdbiOrganizationStore orgs;
  private final JdbiLedgerStore ledger;
  private final ApiKeyService apiKeys;
  private final Clock clock;

  /**
   * An organization service over the given stores; {@code ModelRoute} builds the one it hands out.
   */
  public OrganizationService(
      Jdbi jdbi,
      JdbiOrganizationStore orgs,
      JdbiLedgerStore ledger,
      ApiKeyService apiKeys,
      Clock clock) {
    this.jdbi = jdbi;
    this.orgs = orgs;
    this.ledger = ledger;
    this.apiKeys = apiKeys;
    this.clock = clock;
  }

  /**
   * Creates an organization named {@code name} with {@code credit} on its balance and one FULL key.
   *
   * @throws ModelRouteException CONFLICT when the name is taken
   */
  public CreatedOrganization create(String name, Money credit) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
      throw ModelRouteException.invalid(
          "name", "INVALID_VALUE", "name must be 1-100 letters, digits, spaces, '.', '_' or '-'");
    }
    if (credit.isNegative()) {
      throw ModelRouteException.invalid("credit", "OUT_OF_RANGE", "credit must not be negative");
    }
    Organization org = new Organization(Ids.organization(), name, null, clock.instant());
    try {
      jdbi.useTransaction(
          h -> {
            if (orgs.findByName(h, name).isPresent()) {
              throw nameTaken(name);
            }
            orgs.insert(h, org, newWebhookSecret());
            ledger.createAccount(h, org.id());
            if (credit.micros() > 0) {
              ledger.addFunds(
                  h, org.id(), EntryType.CREDIT, credit, "opening credit", clock.instant());
            }
          });
    } catch (JdbiException e) {
      if (SqlErrors.isUniqueViolation(e)) {
        throw nameTaken(name); // created by a concurrent request between the check and the insert
      }
      throw e;
    }
    return new CreatedOrganization(org, apiKeys.create(org.id(), "default", Permission.FULL));
  }

  private static ModelRouteException nameTaken(String name) {
    return new ModelRouteException(
        ErrorCode.CONFLICT, "An organization named '" + name + "' exists");
  }

  /** The organization with this id, if any. */
  public Optional<Organization> find(String id) {
    return jdbi.withHandle(h -> orgs.findById(h, id));
  }

  /** The organization with this name, if any. */
  public Optional<Organization> findByName(String name) {
    return jdbi.withHandle(h -> orgs.findByName(h, name));
  }

  /** Every organization, oldest first. */
  public List<Organization> list() {
    return jdbi.withHandle(orgs::list);
  }

  /**
   * Sets how many days the organization's files are kept by default (1–365), or {@code null} to
   * keep them until deleted. Applies to files that become READY from now on; files already stored
   * keep the expiry they have.
   *
   * @throws ModelRouteException INPUT_VALIDATION_ERROR out of range; NOT_FOUND for an unknown
   *     organization
   */
  public Organization setFileTtlDays(String orgId, Integer days) {
    if (days != null && (days < 1 || days > 365)) {
      throw ModelRouteException.invalid(
          "file_ttl_days", "OUT_OF_RANGE", "file_ttl_days must be between 1 and 365");
    }
    return jdbi.inTransaction(
        h -> {
          if (orgs.updateFileTtl(h, orgId, days) != 1) {
            throw ModelRouteException.notFound("Organization");
          }
          return orgs.findById(h, orgId).orElseThrow();
        });
  }

  /** The organization's default webhook signing secret ({@code whsec_…}). */
  public String webhookSecret(String orgId) {
    return jdbi.withHandle(h -> orgs.webhookSecret(h, orgId))
        .orElseThrow(() -> ModelRouteException.notFound("Organization"));
  }

  /** A new webhook signing secret: {@code whsec_} and the base64 of 32 random bytes. */
  public static String newWebhookSecret() {
    return "whsec_" + Base64.getEncoder().encodeToString(Ids.randomBytes(32));
  }
}
