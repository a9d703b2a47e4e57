package ick.build;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildGraphTrustTest {
    private static PipelineSpec pipeline(String name, boolean trusted, String workspace, List<String> parameters,
                                         Map<String, Object>... actions) {
        return new PipelineSpec(name, parameters, List.of(actions), null, null, workspace, trusted);
    }

    private static ProjectSpec project(Map<String, Object> parameters, List<PipelineSpec> pipelines) {
        return new ProjectSpec("p", parameters, pipelines.stream().map(PipelineSpec::pipeline).toList());
    }

    @Test
    void aTrustedPipelinesActionsAreTrustedAndRunInTheirOwnWorkspaceBesideOthers() {
        List<PipelineSpec> ps = List.of(
                pipeline("fetch", true, null, List.of(), Map.of("action", "git"), Map.of("archive", "workspace")),
                pipeline("build", false, null, List.of(), Map.of("shell", "make")),
                pipeline("publish", true, null, List.of(), Map.of("action", "publish_debs")));
        List<BuildGraph.PlannedAction> g = BuildGraph.expand(project(Map.of(), ps), ps);
        assertThat(g).extracting(BuildGraph.PlannedAction::trusted).containsExactly(false, true, true, false, true);
        // node 0 goes to an ordinary worker: the trusted pipelines cannot follow it, so they start anywhere
        // (trusted), and their later actions stay with their first one.
        assertThat(g).extracting(BuildGraph.PlannedAction::affinity).containsExactly(null, null, 1, 0, null);
    }

    @Test
    void aBuildOfTrustedPipelinesOnlyStaysOnTrustedWorkersWithItsSharedWorkspace() {
        List<PipelineSpec> ps = List.of(
                pipeline("fetch", true, null, List.of(), Map.of("action", "git")),
                pipeline("publish", true, null, List.of(), Map.of("action", "publish_debs")));
        List<BuildGraph.PlannedAction> g = BuildGraph.expand(project(Map.of(), ps), ps);
        assertThat(g).extracting(BuildGraph.PlannedAction::trusted).containsOnly(true);
        assertThat(g).extracting(BuildGraph.PlannedAction::affinity).containsExactly(null, 0, 0);
    }

    @Test
    void noTrustedPipelineNoTrustedNode() {
        List<PipelineSpec> ps = List.of(pipeline("build", false, null, List.of(), Map.of("shell", "make")));
        assertThat(BuildGraph.expand(project(Map.of(), ps), ps)).extracting(BuildGraph.PlannedAction::trusted)
                .containsOnly(false);
    }

    @Test
    void triggerTimeValuesReplaceTheProjectsOnes() {
        List<PipelineSpec> ps = List.of(pipeline("fetch", true, null, List.of("git_url", "git_ref"),
                Map.of("action", "git")));
        ProjectSpec project = project(Map.of("git_url", "/src/ick", "git_ref", "main"), ps);
        List<BuildGraph.PlannedAction> g = BuildGraph.expand(project, ps, Map.of("git_ref", "refs/tags/release/1.0"));
        assertThat(g.get(1).parameters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("git_url", "/src/ick", "git_ref", "refs/tags/release/1.0"));
        assertThat(BuildGraph.expand(project, ps).get(1).parameters()).containsEntry("git_ref", "main");
    }
}
