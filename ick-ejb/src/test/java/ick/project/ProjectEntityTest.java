package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectEntityTest {
    @Test
    void applyingTheSameContentInAnotherKeyOrderChangesNothing() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", List.of("x"));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of("x"));
        ba.put("a", 1);
        Project project = new Project(new ProjectSpec("hello", ab, List.of("build")));
        assertThat(project.apply(new ProjectSpec("hello", ba, List.of("build")))).isFalse();
        assertThat(project.apply(new ProjectSpec("hello", ba, List.of("build", "test")))).isTrue();
        assertThat(project.toSpec()).isEqualTo(new ProjectSpec("hello", ab, List.of("build", "test")));
    }

    @Test
    void aShownProjectGivesItsWebhookByOriginOnly() {
        Project project = new Project(new ProjectSpec("hello", Map.of(), List.of("build"), null, null,
                "https://bot:pw@chat.example.org:8443/hooks/T0KEN?key=K3Y"));
        assertThat(project.toShownSpec().webhook()).isEqualTo("https://chat.example.org:8443");
        assertThat(project.toShownSpec().toString()).doesNotContain("T0KEN", "K3Y", "pw");
        assertThat(project.toSpec().webhook()).as("kept whole, to be called")
                .isEqualTo("https://bot:pw@chat.example.org:8443/hooks/T0KEN?key=K3Y");
        assertThat(new Project(new ProjectSpec("plain", Map.of(), List.of("build"))).toShownSpec().webhook()).isNull();
    }

    @Test
    void theShownProjectGivenBackKeepsItsWebhook() {
        String hook = "https://chat.example.org/hooks/T0KEN";
        Project project = new Project(new ProjectSpec("hello", Map.of(), List.of("build"), null, null, hook));
        assertThat(project.apply(project.toShownSpec())).as("icktool show, then make-it-so").isFalse();
        assertThat(project.toSpec().webhook()).isEqualTo(hook);
        assertThat(project.apply(new ProjectSpec("hello", Map.of(), List.of("build"), null, null,
                "https://chat.example.org/hooks/NEW"))).isTrue();
        assertThat(project.toSpec().webhook()).isEqualTo("https://chat.example.org/hooks/NEW");
        assertThat(project.apply(new ProjectSpec("hello", Map.of(), List.of("build")))).as("removed").isTrue();
        assertThat(project.toSpec().webhook()).isNull();
    }

    @Test
    void pipelineChangesOnlyWhenContentDoes() {
        PipelineSpec spec = new PipelineSpec("build", List.of("x"), List.of(Map.of("shell", "make", "where", "host")));
        Pipeline pipeline = new Pipeline(spec);
        assertThat(pipeline.apply(new PipelineSpec("build", List.of("x"),
                List.of(Map.of("where", "host", "shell", "make"))))).isFalse();
        assertThat(pipeline.apply(new PipelineSpec("build", List.of("x"), List.of(Map.of("shell", "make -j4")))))
                .isTrue();
        assertThat(pipeline.toSpec().actions()).containsExactly(Map.of("shell", "make -j4"));
    }
}
