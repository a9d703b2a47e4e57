package ick.client.cli;

import ick.client.yaml.InputFileException;
import ick.client.yaml.StrictYaml;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;

import java.nio.file.Path;
import java.util.Map;

/** Reads {@code .ick} project files strictly, so a typo is caught before anything is sent to the controller. */
final class ProjectFiles {
    private static final StrictYaml YAML = new StrictYaml(Map.of(
            ProjectFile.class, "at the top level",
            ProjectSpec.class, "in a project",
            PipelineSpec.class, "in a pipeline"));

    private ProjectFiles() {
    }

    static ProjectFile read(Path file) throws InputFileException {
        return YAML.read(file, ProjectFile.class);
    }
}
