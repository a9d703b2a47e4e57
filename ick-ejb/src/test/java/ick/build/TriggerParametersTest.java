package ick.build;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.ProjectSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerParametersTest {
    private final ProjectSpec project = new ProjectSpec("ick", Map.of("git_url", "/src/ick", "git_ref", "main"),
            List.of("fetch"));

    @Test
    void valuesForTheProjectsParametersAreFine() {
        assertThat(TriggerParameters.faults(project, Map.of("git_ref", "refs/tags/release/1.0"))).isEmpty();
        assertThat(TriggerParameters.faults(project, Map.of())).isEmpty();
    }

    @Test
    void otherNamesAndNullValuesAreRefusedEachOnItsLine() {
        Map<String, Object> given = new HashMap<>();
        given.put("pgp_key", "other-key");
        given.put("git_ref", null);
        assertThat(TriggerParameters.faults(project, given)).containsExactly(
                "parameter \"git_ref\" needs a value, not null",
                "parameter \"pgp_key\" is not one of the project's parameters (git_ref, git_url)");
        assertThat(TriggerParameters.faults(new ProjectSpec("bare", Map.of(), List.of()), Map.of("x", "1")))
                .containsExactly("parameter \"x\" is not one of the project's parameters (it has none)");
    }

    @Test
    void aTriggerCannotChooseWhichSecretABuildUses() {
        ProjectSpec trusted = new ProjectSpec("ick", Map.of("git_ref", "main", "pgp_key", "ick-release",
                "ssh_key", "deploy", "release_keyring", "maintainers"), List.of("publish"));
        assertThat(TriggerParameters.faults(trusted, Map.of("pgp_key", "other", "git_ref", "refs/tags/release/1.0")))
                .containsExactly("parameter \"pgp_key\" names a secret of the trusted worker; only the project file"
                        + " sets it");
        assertThat(TriggerParameters.faults(trusted, Map.of("ssh_key", "x", "release_keyring", "y"))).hasSize(2);
    }
}
