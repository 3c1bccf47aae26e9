package io.modelroute.auth.internal;

import io.modelroute.auth.Organization;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Internal: not API, may change without notice. Organizations, for the auth and webhook services.
 * Methods take the caller's handle so they join its transaction. Stateless; thread-safe.
 */
public final class JdbiOrganizationStore {
  private static final RowMapper<Organization> ORG =
      (rs, ctx) ->
          new Organization(
              rs.getString("id"),
              rs.getString("name"),
              (Integer) rs.getObject("file_ttl_days"),
              rs.getTimestamp("created_at").toInstant());

  public void insert(Handle h, Organization org, String webhookSecret) {
    h.createUpdate(
            "INSERT INTO organizations (id, name, webhook_secret, file_ttl_days, created_at) "
                + "VALUES (:id, :name, :secret, :ttl, :created)")
        .bind("id", org.id())
        .bind("name", org.name())
        .bind("secret", webhookSecret)
        .bind("ttl", org.fileTtlDays())
        .bind("created", org.createdAt())
        .execute();
  }

  public Optional<Organization> findById(Handle h, String id) {
    return h.createQuery("SELECT * FROM organizations WHERE id = :id")
        .bind("id", id)
        .map(ORG)
        .findOne();
  }

  public Optional<Organization> findByName(Handle h, String name) {
    return h.createQuery("SELECT * FROM organizations WHERE name = :name")
        .bind("name", name)
        .map(ORG)
        .findOne();
  }

  public List<Organization> list(Handle h) {
    return h.createQuery("SELECT * FROM organizations ORDER BY created_at, id").map(ORG).list();
  }

  /** Locks the organization's row until the transaction ends (serialises key creation). */
  public boolean lock(Handle h, String id) {
    return h.createQuery("SELECT id FROM organizations WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .mapTo(String.class)
        .findOne()
        .isPresent();
  }

  public Optional<String> webhookSecret(Handle h, String id) {
    return h.createQuery("SELECT webhook_secret FROM organizations WHERE id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .findOne();
  }

  public int updateFileTtl(Handle h, String id, Integer days) {
    return h.createUpdate("UPDATE organizations SET file_ttl_days = :ttl WHERE id = :id")
        .bind("ttl", days)
        .bind("id", id)
        .execute();
  }
}
