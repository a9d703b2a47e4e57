package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.ActionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code icktool graph BUILD}: a build's graph of actions, each with its state. */
@Command(name = "graph",
        description = {"Print the graph of BUILD (PROJECT/NUMBER): each action with what it needs, its state and"
                + " the worker that holds or ran it. Actions whose needs have all succeeded run at the same time"
                + " on different workers. TRUSTED yes: only trusted workers run the action (its pipeline is"
                + " trusted: true).",
                ""},
        footer = IckTool.EXIT_CODES)
final class GraphCommand extends ApiCommand {
    @Parameters(paramLabel = "BUILD", description = "The build: PROJECT/NUMBER.")
    String build;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        BuildId id;
        try {
            id = BuildId.parse(build);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<ActionInfo> actions = api().get(id.path() + "/actions", new TypeReference<List<ActionInfo>>() {
        });
        if (format.json) {
            printJson(actions);
            return IckTool.OK;
        }
        Table table = new Table("ACTION", "PIPELINE", "STEP", "NEEDS", "STATE", "WORKER", "LABELS", "TRUSTED");
        for (ActionInfo a : actions) {
            table.row(a.index(), a.pipeline() == null ? "-" : a.pipeline(), step(a.step()),
                    a.needs() == null || a.needs().isEmpty() ? "-"
                            : a.needs().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    a.state().json(), a.worker() == null ? "-" : a.worker(),
                    a.labels() == null || a.labels().isEmpty() ? "-" : String.join(",", a.labels()),
                    Boolean.TRUE.equals(a.trusted()) ? "yes" : "-");
        }
        table.print(out());
        return IckTool.OK;
    }

    private static String step(Map<String, Object> step) {
        Object kind = step.containsKey("action") ? step.get("action")
                : step.containsKey("archive") ? "archive: " + step.get("archive")
                : step.containsKey("populate") ? "populate: " + step.get("populate")
                : step.containsKey("python") ? "python: " + step.get("python") : "shell: " + step.get("shell");
        String text = String.valueOf(kind).replace('\n', ' ').strip();
        return text.length() > 40 ? text.substring(0, 39) + "…" : text;
    }
}
