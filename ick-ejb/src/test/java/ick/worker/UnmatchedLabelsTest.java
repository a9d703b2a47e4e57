package ick.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import ick.build.BuildStarted.WorkerNeed;
import org.junit.jupiter.api.Test;

class UnmatchedLabelsTest {
    @Test
    void aWorkersLabelsAreReadAsASet() {
        assertThat(UnmatchedLabels.readable("[\"arch=amd64\", \"container\", \"arch=amd64\"]"))
                .containsExactlyInAnyOrder("arch=amd64", "container");
        assertThat(UnmatchedLabels.readable("[]")).isEmpty();
    }

    @Test
    void labelsThatDoNotReadCountAsNoneInsteadOfFailingTheBuildsStart() {
        assertThat(UnmatchedLabels.readable("[\"a\", null]")).containsExactly("a");
        assertThat(UnmatchedLabels.readable("null")).isEmpty();
        assertThat(UnmatchedLabels.readable("{\"not\": \"a list\"}")).isEmpty();
        assertThat(UnmatchedLabels.readable("[1, 2")).isEmpty();
    }

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static WorkerNeed labels(String... labels) {
        return new WorkerNeed(List.of(labels), false);
    }

    @Test
    void actionsWaitingForLabelsNoWorkerHasSaySoAndThoseAnOnlineWorkerHasSayNothing() {
        List<UnmatchedLabels.Seen> workers = List.of(
                new UnmatchedLabels.Seen("w1", Set.of("arch=amd64", "container"), false, NOW.minusSeconds(30)));

        assertThat(UnmatchedLabels.line(labels("arch=arm64"), List.of(0, 1, 2), workers, NOW))
                .hasValue("no registered worker has the label arch=arm64: actions 0, 1, 2 wait until one registers");
        assertThat(UnmatchedLabels.line(labels("arch=amd64", "gpu"), List.of(3), workers, NOW))
                .hasValue("no registered worker has the labels arch=amd64, gpu: action 3 wait until one registers");
        assertThat(UnmatchedLabels.line(labels("container"), List.of(1), workers, NOW)).isEmpty();
    }

    @Test
    void workersNotSeenForMinutesDoNotCountAndTheLineNamesTheLastOneSeen() {
        List<UnmatchedLabels.Seen> workers = List.of(
                new UnmatchedLabels.Seen("gone-long-ago", Set.of("arch=arm64"), false, NOW.minus(Duration.ofDays(3))),
                new UnmatchedLabels.Seen("gone-lately", Set.of("arch=arm64"), false, NOW.minus(Duration.ofMinutes(10))),
                new UnmatchedLabels.Seen("amd", Set.of("arch=amd64"), false, NOW));

        assertThat(UnmatchedLabels.line(labels("arch=arm64"), List.of(0, 1), workers, NOW))
                .hasValue("no worker seen in the last 2 minutes has the label arch=arm64 (gone-lately would do, last"
                        + " seen 2026-12-06T11:50:00Z): actions 0, 1 wait until one is back");
        assertThat(UnmatchedLabels.line(labels("arch=arm64"), List.of(0), List.of(new UnmatchedLabels.Seen("back",
                Set.of("arch=arm64"), false, NOW.minus(Worker.ONLINE).plusSeconds(1))), NOW))
                .as("seen just within the limit").isEmpty();
    }

    @Test
    void trustedActionsNeedATrustedWorkerAndOtherActionsOneThatIsNot() {
        List<UnmatchedLabels.Seen> plain = List.of(new UnmatchedLabels.Seen("w1", Set.of("deb"), false, NOW));
        List<UnmatchedLabels.Seen> both = List.of(plain.get(0),
                new UnmatchedLabels.Seen("signer", Set.of(), true, NOW.minusSeconds(5)));

        assertThat(UnmatchedLabels.line(new WorkerNeed(List.of(), true), List.of(4, 5), plain, NOW))
                .hasValue("no registered trusted worker: actions 4, 5 wait until one registers");
        assertThat(UnmatchedLabels.line(new WorkerNeed(List.of("deb"), true), List.of(4), both, NOW))
                .hasValue("no registered trusted worker has the label deb: action 4 wait until one registers");
        assertThat(UnmatchedLabels.line(new WorkerNeed(List.of(), true), List.of(4), both, NOW)).isEmpty();
        assertThat(UnmatchedLabels.line(labels("x"), List.of(0), List.of(
                new UnmatchedLabels.Seen("signer", Set.of("x"), true, NOW)), NOW))
                .as("a trusted worker runs trusted actions only")
                .hasValue("no registered worker has the label x: action 0 wait until one registers");
    }
}
