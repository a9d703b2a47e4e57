package ick.project;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.BuildState;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyTest {
    @Test
    void addressesAreCheckedStrictly() {
        assertThat(Notify.addressProblem("dev@example.org")).isEmpty();
        assertThat(Notify.addressProblem("Dev Team <dev@example.org>")).isEmpty();
        assertThat(Notify.addressProblem("dev")).isPresent();
        assertThat(Notify.addressProblem("dev@")).isPresent();
        assertThat(Notify.addressProblem("two words@example.org")).isPresent();
        assertThat(Notify.addressProblem("a@example.org, b@example.org")).isPresent();
        assertThat(Notify.addressProblem("")).isPresent();
    }

    @Test
    void errorsNameTheProjectAndTheValue() {
        List<String> errors = Notify.check("project \"hello\"", List.of("ok@example.org", "bad"),
                List.of("failure", "always"), "ftp://example.org/x");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("project \"hello\", notify: \"bad\" is not an e-mail address");
        assertThat(errors.get(1)).isEqualTo("project \"hello\", notify-on: \"always\" is not one of failure, success, fixed");
        assertThat(errors.get(2)).isEqualTo("project \"hello\", webhook: must be an absolute http or https URL");
        assertThat(Notify.check("p", List.of("a@b.example"), List.of("fixed"), "https://chat.example/hook")).isEmpty();
    }

    @Test
    void byDefaultFailuresAndFixesAreTold() {
        Notify notify = new Notify(List.of("a@example.org"), null, null);
        assertThat(notify.tells(BuildState.FAILED, false)).isTrue();
        assertThat(notify.tells(BuildState.SUCCEEDED, true)).as("fixed").isTrue();
        assertThat(notify.tells(BuildState.SUCCEEDED, false)).isFalse();
    }

    @Test
    void successCoversFixedAndFixedAloneIgnoresPlainSuccesses() {
        Notify success = new Notify(List.of(), List.of("success"), null);
        assertThat(success.tells(BuildState.SUCCEEDED, true)).isTrue();
        assertThat(success.tells(BuildState.FAILED, false)).isFalse();
        Notify fixed = new Notify(List.of(), List.of("fixed"), null);
        assertThat(fixed.tells(BuildState.SUCCEEDED, false)).isFalse();
        assertThat(fixed.tells(BuildState.SUCCEEDED, true)).isTrue();
    }
}
