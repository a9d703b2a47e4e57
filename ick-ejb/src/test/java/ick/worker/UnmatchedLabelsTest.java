package ick.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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

    @Test
    void actionsWaitingForLabelsNoWorkerHasSaySoAndThoseAnOnlineWorkerHasSayNothing() {
        List<UnmatchedLabels.Seen> workers = List.of(
                new UnmatchedLabels.Seen("w1", Set.of("arch=amd64", "container"), NOW.minusSeconds(30)));

        assertThat(UnmatchedLabels.line(List.of("arch=arm64"), List.of(0, 1, 2), workers, NOW))
                .hasValue("no registered worker has the label arch=arm64: actions 0, 1, 2 wait until one registers");
        assertThat(UnmatchedLabels.line(List.of("arch=amd64", "gpu"), List.of(3), workers, NOW))
                .hasValue("no registered worker has the labels arch=amd64, gpu: action 3 wait until one registers");
        assertThat(UnmatchedLabels.line(List.of("container"), List.of(1), workers, NOW)).isEmpty();
    }

    @Test
    void workersNotSeenForMinutesDoNotCountAndTheLineNamesTheLastOneSeen() {
        List<UnmatchedLabels.Seen> workers = List.of(
                new UnmatchedLabels.Seen("gone-long-ago", Set.of("arch=arm64"), NOW.minus(Duration.ofDays(3))),
                new UnmatchedLabels.Seen("gone-lately", Set.of("arch=arm64"), NOW.minus(Duration.ofMinutes(10))),
                new UnmatchedLabels.Seen("amd", Set.of("arch=amd64"), NOW));

        assertThat(UnmatchedLabels.line(List.of("arch=arm64"), List.of(0, 1), workers, NOW))
                .hasValue("no worker seen in the last 2 minutes has the label arch=arm64 (gone-lately has, last seen"
                        + " 2026-12-06T11:50:00Z): actions 0, 1 wait until one is back");
        assertThat(UnmatchedLabels.line(List.of("arch=arm64"), List.of(0), List.of(
                new UnmatchedLabels.Seen("back", Set.of("arch=arm64"), NOW.minus(Worker.ONLINE).plusSeconds(1))), NOW))
                .as("seen just within the limit").isEmpty();
    }
}
