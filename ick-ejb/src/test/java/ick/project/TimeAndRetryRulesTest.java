package ick.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.protocol.TimeLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeAndRetryRulesTest {
    @Test
    void timeoutsAreSecondsOrANumberWithAUnit() {
        assertThat(TimeLimit.seconds(90)).isEqualTo(90);
        assertThat(TimeLimit.seconds("30s")).isEqualTo(30);
        assertThat(TimeLimit.seconds("10m")).isEqualTo(600);
        assertThat(TimeLimit.seconds("1h")).isEqualTo(3600);
        assertThat(TimeLimit.seconds("45")).isEqualTo(45);
        assertThatThrownBy(() -> TimeLimit.seconds("ten minutes")).hasMessageContaining("30s, 10m");
        assertThatThrownBy(() -> TimeLimit.seconds(0)).hasMessageContaining("between 1 second and 7 days");
        assertThatThrownBy(() -> TimeLimit.seconds("8000h")).hasMessageContaining("between");
    }

    @Test
    void stepsMayHaveATimeoutAndARetry() {
        assertThat(StepRules.check("a", Map.of("shell", "x", "timeout", "5s", "retry", 1))).isEmpty();
        assertThat(StepRules.check("a", Map.of("shell", "x", "timeout", "soon")))
                .singleElement().asString().startsWith("a: a timeout is whole seconds");
        assertThat(StepRules.check("a", Map.of("shell", "x", "retry", 9)))
                .containsExactly("a: \"retry\" must be a whole number from 0 to 5, not \"9\"");
        assertThat(StepRules.timeoutSeconds(Map.of("shell", "x", "timeout", "2m"))).isEqualTo(120);
        assertThat(StepRules.retries(Map.of("shell", "x", "retry", 2))).isEqualTo(2);
        assertThat(StepRules.retries(Map.of("shell", "x"))).isZero();
    }
}
