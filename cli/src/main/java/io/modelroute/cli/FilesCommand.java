package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.client.ModelRouteClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code modelroute files …}: upload a local file (the zero-trust flow: request a signed URL, PUT
 * the bytes streamed from disk, confirm), list, show, download, share by signed URL and delete
 * files.
 */
@Command(
    name = "files",
    description = "Upload, list, inspect, download, share and delete files.",
    subcommands = {
      FilesCommand.Upload.class,
      FilesCommand.ListFiles.class,
      FilesCommand.Get.class,
      FilesCommand.Download.class,
      FilesCommand.Url.class,
      FilesCommand.Delete.class
    })
final class FilesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  /** {@code modelroute files} alone: show the usage and fail. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  @Command(
      name = "upload",
      description = {
        "Upload a file; prints its id (file_...) for use in execution inputs.",
        "The server detects the type from the bytes; the file name is never sent."
      })
  static final class Upload extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The local file.")
    Path path;

    @Option(
        names = "--purpose",
        paramLabel = "PURPOSE",
        defaultValue = "INPUT",
        description =
            "INPUT (for execution inputs) or UPLOAD (general storage). Default: ${DEFAULT-VALUE}.")
    String purpose;

    @Option(
        names = "--ttl-days",
        paramLabel = "DAYS",
        description =
            "Delete the file after DAYS days (1-365). Default: the organization's retention.")
    Integer ttlDays;

    Upload(CliEnvironment environment) {
      super(environment);
    }

    @Override
    void validate() {
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw usageError("cannot read file " + path);
      }
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode file = client.uploadFile(path, purpose, ttlDays);
      out().println(file.path("id").asText());
      err()
          .println(
              "uploaded "
                  + path
                  + ": "
                  + file.path("content_type").asText()
                  + ", "
                  + file.path("size_bytes").asLong()
                  + " bytes, sha256 "
                  + file.path("sha256").asText());
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the organization's files, newest first.")
  static final class ListFiles extends ClientCommand {
    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only PENDING_UPLOAD or READY files.")
    String status;

    @Option(
        names = "--purpose",
        paramLabel = "PURPOSE",
        description = "Only INPUT, UPLOAD or OUTPUT files.")
    String purpose;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Page size, 1-100 (server default 20).")
    Integer limit;

    @Option(
        names = "--starting-after",
        paramLabel = "ID",
        description = "Page cursor: list files after this id.")
    String startingAfter;

    @Option(names = "--json", description = "Print the raw response as JSON.")
    boolean json;

    ListFiles(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode page = client.listFiles(status, purpose, limit, startingAfter);
      if (json) {
        PrettyJson.print(out(), page);
        return ExitCodes.OK;
      }
      JsonNode data = page.path("data");
      if (data.isEmpty()) {
        out().println("no files");
      } else {
        Table table = new Table("ID", "STATUS", "PURPOSE", "TYPE", "BYTES", "CREATED");
        for (JsonNode file : data) {
          table.row(
              ListCommand.text(file, "id"),
              ListCommand.text(file, "status"),
              ListCommand.text(file, "purpose"),
              ListCommand.text(file, "content_type"),
              ListCommand.text(file, "size_bytes"),
              ListCommand.text(file, "created_at"));
        }
        table.print(out());
      }
      if (page.path("has_more").asBoolean(false) && page.path("next_cursor").isTextual()) {
        err()
            .println(
                "more: modelroute files list --starting-after "
                    + page.path("next_cursor").asText());
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "get",
      description = "Print a file's metadata (status, type, size, sha256, expiry) as JSON.")
  static final class Get extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE_ID", description = "File id (file_...).")
    String fileId;

    Get(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      PrettyJson.print(out(), client.getFile(fileId));
      return ExitCodes.OK;
    }
  }

  @Command(name = "download", description = "Download a file's bytes to FILE.")
  static final class Download extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE_ID", description = "File id (file_...).")
    String fileId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        required = true,
        description = "Where to save the bytes.")
    Path outputFile;

    Download(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      long bytes = client.downloadFile(fileId, outputFile);
      err().println("saved " + outputFile + " (" + bytes + " bytes)");
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "url",
      description = "Print a signed download URL that works without an API key for an hour.")
  static final class Url extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE_ID", description = "File id (file_...).")
    String fileId;

    Url(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      JsonNode url = client.getFileUrl(fileId);
      out().println(url.path("url").asText());
      err().println("valid until " + url.path("expires_at").asText());
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete a file and its bytes.")
  static final class Delete extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE_ID", description = "File id (file_...).")
    String fileId;

    Delete(CliEnvironment environment) {
      super(environment);
    }

    @Override
    int execute(ModelRouteClient client) {
      client.deleteFile(fileId);
      err().println("deleted " + fileId);
      return ExitCodes.OK;
    }
  }
}
