package ick.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.project.Project;
import ick.protocol.ActionState;
import ick.protocol.BuildState;
import ick.protocol.ProjectSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final Project project = new Project(new ProjectSpec("hello", Map.of(), List.of()));

    private BuildAction action(Build build) {
        return new BuildAction(build, new BuildGraph.PlannedAction(2, "compile", Map.of("shell", "make"), Map.of(),
                List.of(1)));
    }

    @Test
    void buildNumbersCountFromOnePerProject() {
        assertThat(new Build(project, NOW).number()).isEqualTo(1);
        assertThat(new Build(project, NOW).number()).isEqualTo(2);
    }

    @Test
    void buildGoesTriggeredBuildingSucceeded() {
        Build build = new Build(project, NOW);
        assertThat(build.state()).isEqualTo(BuildState.TRIGGERED);
        build.start(NOW);
        assertThat(build.state()).isEqualTo(BuildState.BUILDING);
        build.end(true, null, NOW);
        assertThat(build.toInfo().state()).isEqualTo(BuildState.SUCCEEDED);
        assertThat(build.toInfo().id()).isEqualTo("hello/1");
    }

    @Test
    void buildRefusesToStartTwiceOrEndTwice() {
        Build build = new Build(project, NOW);
        build.start(NOW);
        assertThatThrownBy(() -> build.start(NOW)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("build hello/1 cannot start: it is building");
        build.end(false, 3, NOW);
        assertThat(build.toInfo().exitCode()).isEqualTo(3);
        assertThatThrownBy(() -> build.end(true, null, NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aBuildWhoseGraphCouldNotBeMadeFailsFromTriggered() {
        Build build = new Build(project, NOW);
        build.end(false, null, NOW);
        assertThat(build.state()).isEqualTo(BuildState.FAILED);
    }

    @Test
    void logReservationsFollowEachOther() {
        Build build = new Build(project, NOW);
        assertThat(build.reserveLog(10)).isZero();
        assertThat(build.reserveLog(5)).isEqualTo(10);
        assertThat(build.logSize()).isEqualTo(15);
    }

    @Test
    void theLogKnowsWhetherItEndsALine() {
        Build build = new Build(project, NOW);
        assertThat(build.logEndsLine()).as("empty").isTrue();
        assertThat(build.reserveLog("progress: 10%")).isZero();
        assertThat(build.logEndsLine()).isFalse();
        assertThat(build.reserveLog("\u00e9\uD83D\uDE80\n")).as("counted in code points").isEqualTo(13);
        assertThat(build.logEndsLine()).isTrue();
        build.reserveLog("");
        assertThat(build.logEndsLine()).as("nothing appended changes nothing").isTrue();
        assertThat(build.logSize()).isEqualTo(16);
    }

    @Test
    void actionGoesBlockedReadyBuildingSucceeded() {
        BuildAction action = action(new Build(project, NOW));
        assertThat(action.state()).isEqualTo(ActionState.BLOCKED);
        action.markReady();
        action.assignTo("worker-1", NOW);
        assertThat(action.isHeldBy("worker-1")).isTrue();
        assertThat(action.isHeldBy("worker-2")).isFalse();
        action.finish(0, NOW);
        assertThat(action.state()).isEqualTo(ActionState.SUCCEEDED);
        assertThat(action.isHeldBy("worker-1")).isFalse();
        assertThat(action.wasFinishedBy("worker-1", 0)).isTrue();
        assertThat(action.wasFinishedBy("worker-1", 1)).isFalse();
        assertThat(action.wasFinishedBy("worker-2", 0)).isFalse();
    }

    @Test
    void nonZeroExitFailsTheAction() {
        BuildAction action = action(new Build(project, NOW));
        action.markReady();
        action.assignTo("w", NOW);
        action.finish(2, NOW);
        assertThat(action.state()).isEqualTo(ActionState.FAILED);
        assertThat(action.exitCode()).isEqualTo(2);
    }

    @Test
    void actionRefusesIllegalMoves() {
        BuildAction action = action(new Build(project, NOW));
        assertThatThrownBy(() -> action.assignTo("w", NOW)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("action 2 of build hello/1 cannot be given to w: it is blocked");
        assertThatThrownBy(() -> action.finish(0, NOW)).isInstanceOf(IllegalTransitionException.class);
        action.markReady();
        assertThatThrownBy(action::markReady).isInstanceOf(IllegalTransitionException.class);
        action.assignTo("w", NOW);
        assertThatThrownBy(() -> action.assignTo("other", NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> action.skip(NOW)).isInstanceOf(IllegalTransitionException.class);
        action.finish(0, NOW);
        assertThatThrownBy(() -> action.finish(0, NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(action::release).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void blockedOrReadyActionsCanBeSkippedAndReleasedOnesAreReadyAgain() {
        Build build = new Build(project, NOW);
        BuildAction blocked = action(build);
        blocked.skip(NOW);
        assertThat(blocked.state()).isEqualTo(ActionState.SKIPPED);

        BuildAction held = action(build);
        held.markReady();
        held.assignTo("w", NOW);
        held.release();
        assertThat(held.state()).isEqualTo(ActionState.READY);
        assertThat(held.worker()).isNull();
        held.skip(NOW);
        assertThat(held.state()).isEqualTo(ActionState.SKIPPED);
    }

    @Test
    void actionKeepsItsStepParametersAndNeeds() {
        Build build = new Build(project, NOW);
        BuildAction action = new BuildAction(build, new BuildGraph.PlannedAction(1, "compile",
                Map.of("shell", "make", "where", "host"), Map.of("target", "amd64"), List.of(0)));
        assertThat(action.step()).isEqualTo(Map.of("shell", "make", "where", "host"));
        assertThat(action.kind()).isEqualTo("shell");
        assertThat(action.needs()).containsExactly(0);
        assertThat(action.index()).isEqualTo(1);
    }
}
