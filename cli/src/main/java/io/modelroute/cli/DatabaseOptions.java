package io.modelroute.cli;

import io.modelroute.ModelRouteConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the database and data live; shared by {@code serve} and the local admin commands. */
final class DatabaseOptions {
  @Option(
      names = "--data-dir",
      defaultValue = "${env:MODELROUTE_DATA_DIR:-data}",
      description =
          "Data directory: embedded database (pg/), files, dev key (env MODELROUTE_DATA_DIR; default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--db-url",
      defaultValue = "${env:MODELROUTE_DB_URL}",
      description =
          "JDBC URL (jdbc:postgresql://… or jdbc:h2:…); default: the embedded PostgreSQL under the data directory (env MODELROUTE_DB_URL)")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:MODELROUTE_DB_USER}",
      description = "Database user (env MODELROUTE_DB_USER)")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:MODELROUTE_DB_PASSWORD}",
      description = "Database password (env MODELROUTE_DB_PASSWORD)")
  String dbPassword;

  @Option(
      names = "--catalog",
      defaultValue = "${env:MODELROUTE_CATALOG}",
      description =
          "Model catalog file (.json/.yaml); default: the built-in demo catalog (env MODELROUTE_CATALOG)")
  Path catalog;

  ModelRouteConfig.Builder config() {
    return ModelRouteConfig.builder()
        .dataDir(dataDir)
        .jdbcUrl(blankToNull(dbUrl))
        .dbUser(blankToNull(dbUser))
        .dbPassword(blankToNull(dbPassword))
        .catalogFile(catalog);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
