package io.modelroute.cli;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.auth.OrganizationService;
import io.modelroute.billing.Balance;
import io.modelroute.cluster.Cluster;
import io.modelroute.cluster.Node;
import io.modelroute.file.FileAuditEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code modelroute admin …}: operator commands run locally against the server's database (the same
 * {@code --data-dir} or {@code --db-url}). With the embedded default they connect to the local
 * PostgreSQL the running server uses (or start it for the command when no server runs), so they
 * never open database files a server holds; an H2 file ({@code --db-url jdbc:h2:file:…}) can only
 * be used while no server holds it. Library log lines are off (see {@link Main#quietLibraryLogs}).
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description = "Operator commands against the local database.",
    subcommands = {
      AdminCommand.Org.class,
      AdminCommand.Credit.class,
      AdminCommand.ExecutionInfo.class,
      AdminCommand.LedgerCheck.class,
      AdminCommand.Audit.class,
      AdminCommand.Nodes.class
    })
final class AdminCommand {

  static ModelRoute open(DatabaseOptions db) {
    return ModelRoute.start(db.config().startWorkers(false).build());
  }

  @Command(
      name = "org",
      mixinStandardHelpOptions = true,
      description = "Organizations.",
      subcommands = {Org.Create.class, Org.ListOrgs.class, Org.FileTtl.class})
  static final class Org {
    @Command(
        name = "file-ttl",
        mixinStandardHelpOptions = true,
        description =
            "Set how many days an organization's files are kept by default (1-365), or 'none' to keep them.")
    static final class FileTtl implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin DatabaseOptions db;

      @Parameters(index = "0", description = "Organization id (org_…) or name")
      String org;

      @Parameters(index = "1", paramLabel = "DAYS|none", description = "Days (1-365) or none")
      String days;

      @Override
      public Integer call() {
        Integer ttl;
        if ("none".equalsIgnoreCase(days)) {
          ttl = null;
        } else {
          try {
            ttl = Integer.valueOf(days);
          } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "DAYS must be 1-365 or none, not " + days);
          }
        }
        try (ModelRoute mr = open(db)) {
          String orgId = resolveOrg(mr, org);
          var updated = mr.organizations().setFileTtlDays(orgId, ttl);
          PrintWriter out = spec.commandLine().getOut();
          out.println("organization: " + orgId);
          out.println(
              "file ttl:     "
                  + (updated.fileTtlDays() == null
                      ? "none (files are kept)"
                      : updated.fileTtlDays() + " days"));
          out.flush();
        }
        return 0;
      }
    }

    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description =
            "Create an organization with opening credit; prints its id and a FULL API key.")
    static final class Create implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin DatabaseOptions db;

      @Option(names = "--name", required = true, description = "Unique name")
      String name;

      @Option(
          names = "--credit",
          defaultValue = "0",
          description = "Opening credit in USD, e.g. 25.00")
      String credit;

      @Override
      public Integer call() {
        Money amount = parseMoney(credit);
        try (ModelRoute mr = open(db)) {
          OrganizationService.CreatedOrganization created = mr.organizations().create(name, amount);
          PrintWriter out = spec.commandLine().getOut();
          out.println("organization: " + created.organization().id());
          out.println("name:         " + created.organization().name());
          out.println("credit:       " + amount);
          out.println("api key:      " + created.key().secret());
          out.flush();
        }
        return 0;
      }
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List organizations with balances.")
    static final class ListOrgs implements Callable<Integer> {
      @Spec CommandSpec spec;
      @Mixin DatabaseOptions db;

      @Override
      public Integer call() {
        try (ModelRoute mr = open(db)) {
          PrintWriter out = spec.commandLine().getOut();
          out.printf("%-20s %-24s %14s %14s%n", "ID", "NAME", "BALANCE", "AVAILABLE");
          mr.organizations()
              .list()
              .forEach(
                  o -> {
                    Balance b = mr.billing().balance(o.id());
                    out.printf(
                        "%-20s %-24s %14s %14s%n", o.id(), o.name(), b.balance(), b.available());
                  });
          out.flush();
        }
        return 0;
      }
    }
  }

  @Command(
      name = "credit",
      mixinStandardHelpOptions = true,
      description = "Add credit to an organization.")
  static final class Credit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Parameters(index = "0", description = "Organization id (org_…) or name")
    String org;

    @Parameters(index = "1", description = "Amount in USD, e.g. 10.00")
    String amount;

    @Override
    public Integer call() {
      Money money = parseMoney(amount);
      try (ModelRoute mr = open(db)) {
        String orgId = resolveOrg(mr, org);
        Balance b = mr.billing().credit(orgId, money, "admin credit");
        PrintWriter out = spec.commandLine().getOut();
        out.println("organization: " + orgId);
        out.println("balance:      " + b.balance());
        out.println("available:    " + b.available());
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "execution",
      mixinStandardHelpOptions = true,
      description = "Show an execution with its provider attempt trail (operators only).")
  static final class ExecutionInfo implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Parameters(index = "0", description = "Execution id")
    String id;

    @Override
    public Integer call() {
      try (ModelRoute mr = open(db)) {
        spec.commandLine()
            .getOut()
            .println(
                io.modelroute.execution.ExecutionJson.tree(mr.executions().operatorView(id))
                    .toPrettyString());
        spec.commandLine().getOut().flush();
      }
      return 0;
    }
  }

  @Command(
      name = "ledger-check",
      mixinStandardHelpOptions = true,
      description = "Check the ledger invariant for every organization; exit 1 if it fails.")
  static final class LedgerCheck implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Override
    public Integer call() {
      try (ModelRoute mr = open(db)) {
        List<String> bad = mr.billing().invariantViolations();
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            bad.isEmpty()
                ? "ledger OK"
                : "ledger invariant violated for: " + String.join(", ", bad));
        out.flush();
        return bad.isEmpty() ? 0 : 1;
      }
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description =
          "Show the file audit trail (uploads, URL issues, downloads, deletes), newest first.")
  static final class Audit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Option(names = "--org", description = "Organization id (org_…) or name")
    String org;

    @Option(names = "--file", description = "File id (file_…)")
    String file;

    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "Most entries to show (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
      if (org == null && file == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "name an organization (--org), a file (--file) or both");
      }
      try (ModelRoute mr = open(db)) {
        String orgId = org == null ? null : resolveOrg(mr, org);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %-20s %-41s %-20s %s%n", "TIME", "ACTION", "FILE", "KEY", "IP");
        for (FileAuditEntry e : mr.files().audit(orgId, file, null, limit)) {
          out.printf(
              "%-24s %-20s %-41s %-20s %s%n",
              e.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              e.action(),
              e.fileId(),
              e.apiKeyId() == null ? "-" : e.apiKeyId(),
              e.clientIp() == null ? "-" : e.clientIp());
        }
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "nodes",
      mixinStandardHelpOptions = true,
      description =
          "List the nodes sharing the database: LIVE, STALE (silent, likely dead) or STOPPED,"
              + " last heartbeat and the executions each holds leases on.")
  static final class Nodes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;

    @Override
    public Integer call() {
      try (ModelRoute mr = open(db)) {
        PrintWriter out = spec.commandLine().getOut();
        List<Node> nodes = mr.cluster().nodes();
        out.printf(
            "%-28s %-8s %-21s %-21s %7s %7s %-10s %s%n",
            "NODE",
            "STATE",
            "STARTED",
            "LAST HEARTBEAT",
            "LEASES",
            "WORKERS",
            "VERSION",
            "HOST/PID");
        for (Node n : nodes) {
          out.printf(
              "%-28s %-8s %-21s %-21s %7d %7d %-10s %s/%d%n",
              n.nodeId(),
              n.state(),
              n.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              n.lastHeartbeat().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
              n.leasedExecutions(),
              n.workerThreads(),
              n.version(),
              n.host(),
              n.pid());
        }
        long live = nodes.stream().filter(n -> n.state() == Node.State.LIVE).count();
        out.println(
            live
                + " live of "
                + nodes.size()
                + " (stale after "
                + Cluster.STALE_AFTER.toSeconds()
                + " s without a heartbeat); limits "
                + (mr.cluster().isShared() ? "shared by the cluster" : "per node"));
        out.flush();
      }
      return 0;
    }
  }

  static String resolveOrg(ModelRoute mr, String org) {
    return mr.organizations()
        .find(org)
        .or(() -> mr.organizations().findByName(org))
        .orElseThrow(() -> ModelRouteException.notFound("Organization '" + org + "'"))
        .id();
  }

  static Money parseMoney(String s) {
    try {
      return Money.parse(s);
    } catch (IllegalArgumentException e) {
      throw ModelRouteException.invalid("amount", "INVALID_VALUE", "not a dollar amount: " + s);
    }
  }
}
