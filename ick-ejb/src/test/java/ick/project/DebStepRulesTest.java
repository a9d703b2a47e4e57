package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DebStepRulesTest {
    private static final String LABEL = "pipeline \"debs\", action 3";

    @Test
    void debIsABuiltinWithSourceAndNetwork() {
        assertThat(BuiltinActions.isKnown("deb")).isTrue();
        assertThat(StepRules.check(LABEL, Map.of("action", "deb"))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "source", "src", "network", true))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "source", "packaging/hello-1.0"))).isEmpty();
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "where", "container"))).isEmpty();
    }

    @Test
    void sourceMustStayInsideTheWorkspaceBelowItsRoot() {
        for (String bad : new String[]{".", "..", "../etc", "/src", "src/", "a//b", "src/../..", ".hidden", ""}) {
            assertThat(StepRules.check(LABEL, Map.of("action", "deb", "source", bad))).as(bad)
                    .containsExactly(LABEL + ": \"source\" of deb must be a directory inside the workspace (names"
                            + " separated by '/', no '..'), not " + Names.quote(bad));
        }
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "source", 7))).singleElement().asString()
                .contains("\"source\" of deb must be a directory");
    }

    @Test
    void sourceGoesWithDebOnlyAndDebRunsOnlyInAContainer() {
        assertThat(StepRules.check(LABEL, Map.of("shell", "make", "source", "src")))
                .containsExactly(LABEL + ": \"source\" goes with action: deb only");
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "where", "host")))
                .containsExactly(LABEL + ": action: deb always runs in a container of the project's system tree;"
                        + " drop \"where\"");
        assertThat(StepRules.check(LABEL, Map.of("action", "deb", "network", "yes")))
                .containsExactly(LABEL + ": \"network\" must be true or false");
    }
}
