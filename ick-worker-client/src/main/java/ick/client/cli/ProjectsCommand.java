package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.ProjectSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code icktool projects}: the projects the controller holds. */
@Command(name = "projects",
        description = "List the projects and the pipelines each runs. 'icktool show NAME' prints one as .ick YAML.",
        footer = IckTool.EXIT_CODES)
final class ProjectsCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        List<ProjectSpec> projects = api().get("/projects", new TypeReference<List<ProjectSpec>>() {
        });
        if (format.json) {
            printJson(projects);
            return IckTool.OK;
        }
        Table table = new Table("PROJECT", "PIPELINES");
        projects.forEach(p -> table.row(p.project(), p.pipelines()));
        table.print(out());
        return IckTool.OK;
    }
}
