package ick.client.cli;

import picocli.CommandLine.Option;

/** {@code --json}, for the commands that print data. */
final class JsonOption {
    @Option(names = "--json", description = "Print the API's JSON instead of text, for scripts.")
    boolean json;
}
