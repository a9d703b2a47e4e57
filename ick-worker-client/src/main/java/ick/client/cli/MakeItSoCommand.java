package ick.client.cli;

import ick.client.yaml.InputFileException;
import ick.protocol.MakeItSoResult;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code icktool make-it-so FILE...}: makes the controller hold the projects and pipelines of the files.
 * All files are checked before anything is sent, and they are sent as one request, so that either all of
 * it is stored or none.
 */
@Command(name = "make-it-so",
        description = {"Create or update the projects and pipelines of .ick files.",
                "",
                "An .ick file is YAML with a 'projects' and a 'pipelines' list. Projects and pipelines not "
                        + "in the files are left as they are. The files are checked first: a mistake is reported as "
                        + "FILE:LINE:COLUMN and nothing is sent. Prints one line per project and pipeline: created, "
                        + "updated or unchanged.",
                ""},
        footer = IckTool.EXIT_CODES)
final class MakeItSoCommand extends ApiCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .ick files.")
    List<Path> files;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        List<String> errors = new ArrayList<>();
        List<ProjectSpec> projects = new ArrayList<>();
        List<PipelineSpec> pipelines = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files) {
            try {
                ProjectFile content = ProjectFiles.read(file);
                for (ProjectSpec p : content.projects()) {
                    duplicate(seen, "project " + p.project(), file, errors);
                    projects.add(p);
                }
                for (PipelineSpec p : content.pipelines()) {
                    duplicate(seen, "pipeline " + p.pipeline(), file, errors);
                    pipelines.add(p);
                }
            } catch (InputFileException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(err()::println);
            err().println("icktool: nothing was sent; fix the file" + (files.size() > 1 ? "s" : "") + " and try again");
            return IckTool.BAD_INPUT;
        }
        MakeItSoResult result = api().post("/make-it-so", new ProjectFile(projects, pipelines), MakeItSoResult.class);
        if (format.json) {
            printJson(result);
            return IckTool.OK;
        }
        for (MakeItSoResult.Change change : result.changes()) {
            out().println(change.outcome() + " " + change.kind() + " " + change.name());
        }
        if (!result.changedAnything()) {
            out().println("nothing changed");
        }
        return IckTool.OK;
    }

    private static void duplicate(Map<String, Path> seen, String what, Path file, List<String> errors) {
        Path first = seen.putIfAbsent(what, file);
        if (first != null) {
            errors.add(file + ": " + what + " is defined again (first in " + first + ")");
        }
    }
}
