package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelroute download FILE_ID -o FILE}: saves a stored file. */
@Command(name = "download", description = "Download a file (file_...) to FILE.")
final class DownloadCommand extends ClientCommand {
  @Parameters(
      index = "0",
      paramLabel = "FILE_ID",
      description = "File id (file_...), e.g. from a result's output.")
  String fileId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "Where to save the bytes.")
  Path outputFile;

  DownloadCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  int execute(ModelRouteClient client) {
    long bytes = client.downloadFile(fileId, outputFile);
    err().println("saved " + outputFile + " (" + bytes + " bytes)");
    return ExitCodes.OK;
  }
}
