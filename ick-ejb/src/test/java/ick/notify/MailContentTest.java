package ick.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.ActionInfo;
import ick.protocol.ActionState;
import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailContentTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static BuildReport report(BuildState state, Outcome outcome, ActionInfo failed, long logBytes) {
        BuildInfo build = new BuildInfo("hello/42", "hello", 42, state, T0, T0.plusSeconds(2), T0.plusSeconds(65),
                failed == null ? null : failed.exitCode(), 100);
        return new BuildReport(build, outcome, failed, List.of("one", "two"), logBytes,
                "https://ick.example/projects/hello/builds/42");
    }

    @Test
    void aFailedBuildNamesTheFailingActionItsExitCodeAndTheLastLines() {
        ActionInfo failed = new ActionInfo(7, 3, "test", Map.of("shell", "make check\nmake install", "where", "host"),
                ActionState.FAILED, 2, "w1", T0, T0.plusSeconds(60));
        MailContent mail = MailContent.of(report(BuildState.FAILED, Outcome.FAILED, failed, 2048));
        assertThat(mail.subject()).isEqualTo("[ick] hello #42 FAILED");
        assertThat(mail.body()).contains("Project:  hello\n", "Build:    #42 (hello/42)\n", "Result:   FAILED\n",
                "Duration: 1m 5s", "Failed:   action 3 (shell: make check ...) of pipeline test, exit code 2\n",
                "Link:     https://ick.example/projects/hello/builds/42\n",
                "The whole log (2.0 KiB) is attached as hello-42.log.\n",
                "The last 2 lines of the log:\n\none\ntwo\n");
        assertThat(mail.attachmentName()).isEqualTo("hello-42.log");
        assertThat(mail.compressed()).isFalse();
    }

    @Test
    void aSuccessHasNoFailedLineAndFixedSaysSo() {
        assertThat(MailContent.of(report(BuildState.SUCCEEDED, Outcome.SUCCEEDED, null, 10)).body())
                .contains("Result:   SUCCEEDED").doesNotContain("Failed:");
        MailContent fixed = MailContent.of(report(BuildState.SUCCEEDED, Outcome.FIXED, null, 10));
        assertThat(fixed.subject()).isEqualTo("[ick] hello #42 FIXED");
    }

    @Test
    void logsOverOneMebibyteAreAttachedCompressedAndTheBodySaysSo() {
        MailContent exactly = MailContent.of(report(BuildState.SUCCEEDED, Outcome.SUCCEEDED, null, 1024 * 1024));
        assertThat(exactly.compressed()).isFalse();
        MailContent big = MailContent.of(report(BuildState.SUCCEEDED, Outcome.SUCCEEDED, null, 50L * 1024 * 1024));
        assertThat(big.compressed()).isTrue();
        assertThat(big.attachmentName()).isEqualTo("hello-42.log.gz");
        assertThat(big.body()).contains("The whole log (50.0 MiB) is attached as hello-42.log.gz, gzip-compressed");
    }

    @Test
    void anEmptyLogIsSaidToBeEmpty() {
        BuildInfo build = new BuildInfo("hello/1", "hello", 1, BuildState.FAILED, T0, null, T0.plusSeconds(3725), null, 0);
        MailContent mail = MailContent.of(new BuildReport(build, Outcome.FAILED, null, List.of(), 0, "u"));
        assertThat(mail.body()).contains("Duration: 1h 2m 5s", "The log is empty.");
    }

    @Test
    void theWebhookSummaryCarriesTheSameFacts() {
        ActionInfo failed = new ActionInfo(7, 3, "test", Map.of("shell", "false"), ActionState.FAILED, 2, "w1", T0, T0);
        var summary = report(BuildState.FAILED, Outcome.FAILED, failed, 10).summary();
        assertThat(summary.build()).isEqualTo("hello/42");
        assertThat(summary.outcome()).isEqualTo("failed");
        assertThat(summary.durationSeconds()).isEqualTo(65);
        assertThat(summary.failedAction().exitCode()).isEqualTo(2);
        assertThat(summary.failedAction().step()).containsEntry("shell", "false");
    }
}
