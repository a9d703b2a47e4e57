package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ick.protocol.Json;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project files in docs/examples pass the controller's make-it-so rules, and ick.ick, with which ick
 * builds and publishes its own .debs, keeps the shape of the self-hosting flow (issue 9): source fetched and
 * debs published by trusted pipelines, the repository's code built by an untrusted one.
 */
class ExampleProjectFilesTest {
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** YAML as icktool reads it, then bound as the controller binds what icktool sends (unknown keys fail). */
    private static ProjectFile read(Path file) throws IOException {
        return Json.mapper().treeToValue(YAML.readTree(file.toFile()), ProjectFile.class);
    }

    private static List<String> check(ProjectFile file) {
        return ProjectFileRules.check(file, name -> Optional.empty());
    }

    @Test
    void everyExamplePassesTheRules() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".ick")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("hello.ick", "ick.ick");
        for (Path file : files) {
            assertThat(check(read(file))).as(file.toString()).isEmpty();
        }
    }

    @Test
    void ickBuildsItsDebsUntrustedBetweenTwoTrustedPipelines() throws IOException {
        ProjectFile ick = read(EXAMPLES.resolve("ick.ick"));
        Map<String, PipelineSpec> pipelines = new HashMap<>();
        ick.pipelines().forEach(p -> pipelines.put(p.pipeline(), p));
        assertThat(ick.projects().get(0).pipelines()).containsExactly("fetch-source", "build-debs", "publish-debs");

        PipelineSpec fetch = pipelines.get("fetch-source");
        PipelineSpec build = pipelines.get("build-debs");
        PipelineSpec publish = pipelines.get("publish-debs");
        assertThat(fetch.trustedOnly()).isTrue();
        assertThat(build.trustedOnly()).isFalse();
        assertThat(publish.trustedOnly()).isTrue();
        assertThat(build.needs()).containsExactly("fetch-source");
        assertThat(publish.needs()).containsExactly("build-debs");
        // the source goes through the artifact store: what the trusted pipeline archives is what the build populates
        assertThat(fetch.actions()).contains(Map.of("archive", "workspace", "blob", "source/ick"));
        assertThat(build.actions().get(0)).isEqualTo(Map.of("populate", "workspace", "blob", "source/ick"));
        assertThat(build.actions()).anyMatch(a -> "deb".equals(a.get("action")) && Boolean.TRUE.equals(a.get("network")));
        assertThat(publish.actions()).containsExactly(Map.of("action", "publish_debs"));
    }

    @Test
    void theBuildOfTheRepositorysCodeIsRefusedInATrustedPipeline() throws IOException {
        ProjectFile ick = read(EXAMPLES.resolve("ick.ick"));
        List<PipelineSpec> changed = new ArrayList<>();
        for (PipelineSpec p : ick.pipelines()) {
            changed.add(p.pipeline().equals("build-debs")
                    ? new PipelineSpec(p.pipeline(), p.parameters(), p.actions(), p.needs(), p.labels(), p.workspace(), true)
                    : p);
        }
        assertThat(check(new ProjectFile(ick.projects(), changed)))
                .anyMatch(e -> e.startsWith("pipeline \"build-debs\"") && e.contains("\"debootstrap\""))
                .anyMatch(e -> e.startsWith("pipeline \"build-debs\"") && e.contains("\"deb\""));
    }
}
