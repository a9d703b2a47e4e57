package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import ick.protocol.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A project's {@code timeout:}, the time limit of a whole build. */
class ProjectTimeoutTest {
    private static ProjectSpec withTimeout(Object timeout) {
        return new ProjectSpec("hello", Map.of(), List.of("build"), null, null, null, null, timeout);
    }

    private static List<String> check(ProjectSpec project) {
        PipelineSpec build = new PipelineSpec("build", null, List.of(Map.of("shell", "make")));
        return ProjectFileRules.check(new ProjectFile(List.of(project), List.of(build)), name -> Optional.empty());
    }

    @Test
    void isReadFromJsonAndStoredInSeconds() throws Exception {
        ProjectSpec spec = Json.mapper().readValue(
                "{\"project\": \"hello\", \"pipelines\": [\"build\"], \"timeout\": \"10m\"}", ProjectSpec.class);
        assertThat(spec.timeoutSeconds()).isEqualTo(600);
        assertThat(check(spec)).isEmpty();
        Project project = new Project(spec);
        assertThat(project.toSpec().timeoutSeconds()).isEqualTo(600);
        assertThat(project.apply(withTimeout(600))).as("the same limit, written otherwise").isFalse();
        assertThat(project.apply(withTimeout("1h"))).isTrue();
        assertThat(project.toSpec().timeoutSeconds()).isEqualTo(3600);
        assertThat(project.apply(withTimeout(null))).isTrue();
        assertThat(project.toSpec().timeout()).isNull();
        assertThat(project.toSpec().timeoutSeconds()).isZero();
    }

    @Test
    void aBadTimeoutIsRefusedWithTheReason() {
        assertThat(check(withTimeout("soon"))).singleElement().asString()
                .startsWith("project \"hello\": a timeout is whole seconds or a number with s, m or h");
        assertThat(check(withTimeout(0))).singleElement().asString().contains("between 1 second and 7 days");
    }

    @Test
    void theOldConstructorsHaveNoLimit() {
        assertThat(new ProjectSpec("hello", Map.of(), List.of()).timeoutSeconds()).isZero();
        assertThat(new ProjectSpec("hello", Map.of(), List.of(), null, null, null, "reuse").timeout()).isNull();
    }
}
