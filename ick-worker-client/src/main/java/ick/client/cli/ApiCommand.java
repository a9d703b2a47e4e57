package ick.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import ick.client.http.ApiClient;
import ick.protocol.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** What every subcommand has: the global options' API client and the command's output. */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    IckTool tool;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    ApiClient api() {
        return tool.api();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a value as the API's JSON, indented. */
    void printJson(Object value) throws JsonProcessingException {
        out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        out().flush();
    }

    /** A name as one URL path segment ({@code /projects/{name}}). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
