package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedPipelineRulesTest {
    private static PipelineSpec trusted(String name, List<Map<String, Object>> actions) {
        return new PipelineSpec(name, List.of("git_url", "ssh_key"), actions, null, null, null, true);
    }

    private static List<String> check(PipelineSpec pipeline) {
        return ProjectFileRules.check(new ProjectFile(
                List.of(new ProjectSpec("p", Map.of(), List.of(pipeline.pipeline()))), List.of(pipeline)),
                name -> Optional.empty());
    }

    @Test
    void aTrustedPipelineMayUseEveryTrustedBuiltin() {
        assertThat(check(trusted("fetch", List.of(
                Map.of("action", "create_workspace"),
                Map.of("action", "git"),
                Map.of("archive", "workspace", "blob", "source/ick"),
                Map.of("populate", "workspace", "blob", "source/ick"),
                Map.of("action", "publish_debs", "where", "host"))))).isEmpty();
    }

    @Test
    void aTrustedPipelineRefusesShellPythonOtherBuiltinsAndSandboxes() {
        List<String> errors = check(trusted("fetch", List.of(
                Map.of("shell", "make"),
                Map.of("python", "print(1)"),
                Map.of("action", "debootstrap"),
                Map.of("action", "git", "where", "container"))));
        assertThat(errors).containsExactly(
                "pipeline \"fetch\", action 1: a trusted pipeline runs only ick's trusted built-ins (git,"
                        + " create_workspace, archive, populate, publish_debs), not \"shell\"; move that step to a"
                        + " pipeline that is not trusted",
                "pipeline \"fetch\", action 2: a trusted pipeline runs only ick's trusted built-ins (git,"
                        + " create_workspace, archive, populate, publish_debs), not \"python\"; move that step to a"
                        + " pipeline that is not trusted",
                "pipeline \"fetch\", action 3: a trusted pipeline runs only ick's trusted built-ins (git,"
                        + " create_workspace, archive, populate, publish_debs), not \"debootstrap\"; move that step"
                        + " to a pipeline that is not trusted",
                "pipeline \"fetch\", action 4: a trusted pipeline runs on the trusted worker's host only, not"
                        + " \"where: container\" (that would run code from a system tree next to the worker's secrets)");
    }

    @Test
    void publishDebsRunsOnlyInATrustedPipeline() {
        PipelineSpec plain = new PipelineSpec("publish", List.of(), List.of(Map.of("action", "publish_debs")));
        assertThat(check(plain)).containsExactly("pipeline \"publish\", action 1: action \"publish_debs\" uses a"
                + " trusted worker's secrets, so it runs only in a pipeline with \"trusted: true\"");
    }

    @Test
    void trustIsStoredAndChangingItIsAChange() {
        PipelineSpec spec = trusted("fetch", List.of(Map.of("action", "git")));
        Pipeline pipeline = new Pipeline(spec);
        assertThat(pipeline.toSpec().trusted()).isTrue();
        assertThat(pipeline.toSpec().trustedOnly()).isTrue();
        assertThat(pipeline.apply(spec)).isFalse();
        PipelineSpec untrusted = new PipelineSpec("fetch", spec.parameters(), spec.actions(), null, null, null, false);
        assertThat(pipeline.apply(untrusted)).isTrue();
        assertThat(pipeline.toSpec().trusted()).as("false is shown as absent").isNull();
        assertThat(pipeline.apply(new PipelineSpec("fetch", spec.parameters(), spec.actions()))).isFalse();
    }
}
