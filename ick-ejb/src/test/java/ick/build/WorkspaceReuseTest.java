package ick.build;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceReuseTest {
    private static final PipelineSpec BUILD = new PipelineSpec("build", List.of(),
            List.of(Map.of("shell", "make"), Map.of("shell", "make check")));

    @Test
    void aReusingProjectPopulatesFirstAndArchivesAfterEverything() {
        ProjectSpec project = new ProjectSpec("p", Map.of(), List.of("build"), null, null, null, "reuse");
        List<BuildGraph.PlannedAction> graph = BuildGraph.expand(project, List.of(BUILD));
        assertThat(graph).hasSize(4);
        assertThat(graph.get(0).step()).containsEntry("populate", "workspace").doesNotContainKey("action");
        BuildGraph.PlannedAction archive = graph.get(3);
        assertThat(archive.step()).containsEntry("archive", "workspace");
        assertThat(archive.needs()).containsExactly(2);
        assertThat(archive.affinity()).isZero();
    }

    @Test
    void aFreshProjectIsUnchanged() {
        ProjectSpec project = new ProjectSpec("p", Map.of(), List.of("build"));
        List<BuildGraph.PlannedAction> graph = BuildGraph.expand(project, List.of(BUILD));
        assertThat(graph).hasSize(3);
        assertThat(graph.get(0).step()).containsEntry("action", "create_workspace");
        assertThat(graph).noneMatch(n -> n.step().containsKey("archive"));
    }
}
