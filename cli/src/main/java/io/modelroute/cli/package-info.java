/**
 * The {@code modelroute} command line: {@link io.modelroute.cli.Main} and one picocli command per
 * subcommand. Client commands ({@code run}, {@code get}, {@code list}, …) extend {@code
 * ClientCommand}, which resolves {@code --url}/{@code --api-key} (or their environment variables)
 * and hands them a {@link io.modelroute.client.ModelRouteClient}; they throw, and {@code
 * ErrorPrinter} turns every failure into a message on stderr and an exit code from {@code
 * ExitCodes}. All output goes through picocli's writers so tests capture it.
 */
package io.modelroute.cli;
