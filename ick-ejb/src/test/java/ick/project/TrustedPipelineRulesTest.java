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

    private static List<String> checkProject(Map<String, Object> parameters) {
        PipelineSpec fetch = trusted("fetch", List.of(Map.of("action", "git")));
        PipelineSpec publish = new PipelineSpec("publish", List.of("pgp_key", "release_keyring"),
                List.of(Map.of("action", "publish_debs")), null, null, null, true);
        return ProjectFileRules.check(new ProjectFile(List.of(new ProjectSpec("ick", parameters,
                List.of("fetch", "publish"))), List.of(fetch, publish)), name -> Optional.empty());
    }

    @Test
    void secretParametersTakeTheNamesOfSecretsOnly() {
        assertThat(checkProject(Map.of("git_url", "ssh://git@example.org/ick.git", "ssh_key", "ick-deploy",
                "pgp_key", "ick.release_2", "release_keyring", "0maintainers"))).isEmpty();
        assertThat(checkProject(Map.of("ssh_key", "x".repeat(100)))).isEmpty();
        for (Object bad : List.of("Ick-Release", "-release", ".hidden", "../etc/shadow", "", "a b", "x".repeat(101))) {
            assertThat(checkProject(Map.of("pgp_key", bad))).as(bad.toString()).containsExactly("project \"ick\","
                    + " parameter \"pgp_key\": the value must be the name of a secret on the trusted worker (1 to 100"
                    + " lower-case letters, digits, '.', '_' and '-', starting with a letter or digit), never the secret"
                    + " itself; the value given (" + bad.toString().length() + " characters, not shown) is not such a"
                    + " name");
        }
        assertThat(checkProject(Map.of("release_keyring", Map.of("key", "value")))).singleElement().asString()
                .endsWith("never the secret itself; a map is not such a name");
        assertThat(checkProject(Map.of("release_keyring", 42))).singleElement().asString()
                .endsWith("a non-text value is not such a name");
    }

    @Test
    void aKeyPastedIntoTheProjectFileIsRefusedWithoutRepeatingAnyOfIt() {
        String pasted = """
                -----BEGIN PGP PRIVATE KEY BLOCK-----

                lFgEZ1c2mxYJKwYBBAHaRw8BAQdAm3Zc5yq0rQe9M5f9cQ0uJ8nqkJmB8m8Zz8K2
                =abcd
                -----END PGP PRIVATE KEY BLOCK-----
                """;
        List<String> errors = checkProject(Map.of("pgp_key", pasted, "ssh_key",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"));
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("project \"ick\", parameter \"pgp_key\": the value must be the name of a"
                + " secret").contains("(" + pasted.length() + " characters, not shown)");
        assertThat(errors.get(1)).startsWith("project \"ick\", parameter \"ssh_key\":");
        assertThat(String.join("\n", errors)).doesNotContain("BEGIN", "lFgEZ1c2", "b3BlbnNzaC", "=abcd", "PRIVATE");
    }
}
