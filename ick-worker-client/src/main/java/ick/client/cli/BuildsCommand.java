package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Comparator;
import java.util.List;

/** {@code icktool builds PROJECT}: a project's builds, newest first. */
@Command(name = "builds",
        description = "List the builds of PROJECT, newest first. 'icktool log PROJECT/NUMBER' shows one's log.",
        footer = IckTool.EXIT_CODES)
final class BuildsCommand extends ApiCommand {
    @Parameters(paramLabel = "PROJECT", description = "The project.")
    String project;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        List<BuildInfo> builds = api().get("/projects/" + segment(project) + "/builds",
                new TypeReference<List<BuildInfo>>() {
                });
        if (format.json) {
            printJson(builds);
            return IckTool.OK;
        }
        if (builds.isEmpty()) {
            out().println("Project " + project + " has no builds yet; 'icktool build " + project + "' starts one.");
            return IckTool.OK;
        }
        Table table = new Table("BUILD", "STATE", "TRIGGERED", "STARTED", "ENDED", "EXIT");
        builds.stream().sorted(Comparator.comparingLong(BuildInfo::number).reversed()).forEach(b ->
                table.row(b.id(), b.state().json(), b.triggeredAt(), b.startedAt(), b.endedAt(), b.exitCode()));
        table.print(out());
        return IckTool.OK;
    }
}
