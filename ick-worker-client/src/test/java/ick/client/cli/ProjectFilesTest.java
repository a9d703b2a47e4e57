package ick.client.cli;

import ick.client.yaml.InputFileException;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectFilesTest {
    @TempDir
    Path dir;

    @Test
    void validFileIsReadWithEveryValue() throws Exception {
        ProjectFile file = ProjectFiles.read(sample());

        assertThat(file.projects()).singleElement().satisfies(p -> {
            assertThat(p.project()).isEqualTo("hello");
            assertThat(p.parameters()).containsEntry("targets", List.of("amd64", "arm64"));
            assertThat(p.pipelines()).containsExactly("get_source", "build");
        });
        assertThat(file.pipelines()).extracting(PipelineSpec::pipeline).containsExactly("get_source", "build");
        assertThat(file.pipelines().get(0).actions()).containsExactly(Map.of("action", "git", "where", "host"));
        assertThat(file.pipelines().get(1).actions().get(0).get("shell")).isEqualTo("cd src\nparams | grep -q amd64\nmake\n");
    }

    @Test
    void unknownKeyIsNamedWithItsLineColumnAndTheKnownKeys() throws Exception {
        Path file = write("hello.ick", """
                pipelines:
                  - pipeline: build
                    parameters: []
                    actoins:
                      - shell: make
                """);

        assertThatThrownBy(() -> ProjectFiles.read(file)).isInstanceOfSatisfying(InputFileException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(file + ":4:5: unknown key \"actoins\" in a pipeline;"
                    + " known keys: pipeline, parameters, actions, needs, labels, workspace, trusted");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo(5);
        });
    }

    @Test
    void unknownTopLevelKeyAndUnknownProjectKeyAreNamedByPlace() throws Exception {
        Path top = write("top.ick", "projects: []\npipeliness: []\n");
        Path project = write("project.ick", "projects:\n  - project: x\n    pipeline: [a]\n");

        assertThatThrownBy(() -> ProjectFiles.read(top)).hasMessage(top
                + ":2:1: unknown key \"pipeliness\" at the top level; known keys: projects, pipelines");
        // the list of known keys grows with ProjectSpec; its start and its place are what matter here
        assertThatThrownBy(() -> ProjectFiles.read(project)).hasMessageStartingWith(project
                + ":3:5: unknown key \"pipeline\" in a project; known keys: project, parameters, pipelines");
    }

    @Test
    void duplicateKeyIsRefusedAtItsSecondOccurrence() throws Exception {
        Path file = write("dup.ick", """
                pipelines:
                  - pipeline: build
                    actions:
                      - shell: make
                        shell: make install
                """);

        assertThatThrownBy(() -> ProjectFiles.read(file)).hasMessage(file + ":5:9: duplicate key \"shell\"");
    }

    @Test
    void malformedYamlGivesTheParsersReasonAndPosition() throws Exception {
        Path file = write("bad.ick", """
                projects:
                  - project: hello
                   pipelines: [build
                """);

        assertThatThrownBy(() -> ProjectFiles.read(file)).isInstanceOfSatisfying(InputFileException.class, e -> {
            assertThat(e.getMessage()).startsWith(file + ":3:").contains("malformed YAML: ");
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }

    @Test
    void wrongTypeSaysWhatIsExpected() throws Exception {
        Path file = write("type.ick", "projects:\n  - project: hello\n    pipelines: build\n");

        assertThatThrownBy(() -> ProjectFiles.read(file))
                .hasMessage(file + ":3:16: \"pipelines\" in a project must be a list");
    }

    @Test
    void emptyOrMissingFileIsAnError() throws Exception {
        Path empty = write("empty.ick", "\n");

        assertThatThrownBy(() -> ProjectFiles.read(empty)).hasMessage(empty + ": the file is empty");
        assertThatThrownBy(() -> ProjectFiles.read(dir.resolve("nope.ick"))).hasMessageContaining("cannot read the file");
    }

    static Path sample() throws URISyntaxException {
        return Path.of(ProjectFilesTest.class.getResource("hello.ick").toURI());
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
