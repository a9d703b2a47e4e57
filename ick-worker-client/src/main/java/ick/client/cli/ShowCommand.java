package ick.client.cli;

import ick.client.http.ProblemException;
import ick.client.yaml.StrictYaml;
import ick.protocol.PipelineSpec;
import ick.protocol.Problem;
import ick.protocol.ProjectSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** {@code icktool show NAME}: a project (or pipeline) as .ick YAML, ready to edit and give back to make-it-so. */
@Command(name = "show",
        description = {"Print the project (or pipeline) named NAME as .ick YAML.",
                "",
                "The output is a file make-it-so accepts. If no project has that name, the pipeline named "
                        + "NAME is printed; --pipeline asks for the pipeline only.",
                ""},
        footer = IckTool.EXIT_CODES)
final class ShowCommand extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "The project's or pipeline's name.")
    String name;

    @Option(names = "--pipeline", description = "NAME is a pipeline's name, even if a project has it too.")
    boolean pipeline;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        if (!pipeline) {
            try {
                ProjectSpec project = api().get("/projects/" + segment(name), ProjectSpec.class);
                return print(project, Map.of("projects", List.of(project)));
            } catch (ProblemException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        try {
            PipelineSpec found = api().get("/pipelines/" + segment(name), PipelineSpec.class);
            return print(found, Map.of("pipelines", List.of(found)));
        } catch (ProblemException e) {
            if (e.status() == 404 && !pipeline) {
                throw new ProblemException(new Problem("about:blank", "no project or pipeline is named " + name,
                        404, "'icktool projects' and 'icktool pipelines' list them", null, null));
            }
            throw e;
        }
    }

    /** @param asYaml what a .ick file with just this item holds */
    private int print(Object asJson, Map<String, ?> asYaml) throws Exception {
        if (format.json) {
            printJson(asJson);
        } else {
            out().print(StrictYaml.mapper().writeValueAsString(asYaml));
            out().flush();
        }
        return IckTool.OK;
    }
}
