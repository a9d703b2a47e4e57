package ick.build;

import static org.assertj.core.api.Assertions.assertThat;

import ick.protocol.ActionState;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildGraphTest {
    private final ProjectSpec project = new ProjectSpec("hello",
            Map.of("git_url", "https://example.org/hello.git", "target", "amd64", "unused", true),
            List.of("checkout", "compile"));
    private final PipelineSpec checkout = new PipelineSpec("checkout", List.of("git_url", "git_ref"),
            List.of(Map.of("action", "git")));
    private final PipelineSpec compile = new PipelineSpec("compile", List.of("target"),
            List.of(Map.of("shell", "make"), Map.of("python", "print(1)", "where", "chroot")));

    @Test
    void startsWithCreateWorkspaceThenEachPipelinesActionsInOrder() {
        List<BuildGraph.PlannedAction> graph = BuildGraph.expand(project, List.of(checkout, compile));
        assertThat(graph).extracting(BuildGraph.PlannedAction::index).containsExactly(0, 1, 2, 3);
        assertThat(graph).extracting(BuildGraph.PlannedAction::pipeline)
                .containsExactly(null, "checkout", "compile", "compile");
        assertThat(graph.get(0).step()).isEqualTo(Map.of("action", "create_workspace", "where", "host"));
        assertThat(graph.get(2).step()).isEqualTo(Map.of("shell", "make", "where", "host"));
        assertThat(graph.get(3).step()).isEqualTo(Map.of("python", "print(1)", "where", "chroot"));
    }

    @Test
    void eachActionGetsOnlyTheParametersItsPipelineDeclaresThatTheProjectGives() {
        List<BuildGraph.PlannedAction> graph = BuildGraph.expand(project, List.of(checkout, compile));
        assertThat(graph.get(0).parameters()).isEmpty();
        assertThat(graph.get(1).parameters()).isEqualTo(Map.of("git_url", "https://example.org/hello.git"));
        assertThat(graph.get(2).parameters()).isEqualTo(Map.of("target", "amd64"));
    }

    @Test
    void eachActionNeedsTheOneBefore() {
        List<BuildGraph.PlannedAction> graph = BuildGraph.expand(project, List.of(checkout, compile));
        assertThat(graph).extracting(BuildGraph.PlannedAction::needs)
                .containsExactly(List.of(), List.of(0), List.of(1), List.of(2));
    }

    record Node(int index, ActionState state, List<Integer> needs) implements BuildGraph.Node {
    }

    @Test
    void onlyBlockedNodesWhoseNeedsAllSucceededAreRunnable() {
        List<Node> nodes = List.of(
                new Node(0, ActionState.SUCCEEDED, List.of()),
                new Node(1, ActionState.BLOCKED, List.of(0)),
                new Node(2, ActionState.BLOCKED, List.of(1)),
                new Node(3, ActionState.BLOCKED, List.of(0)));
        assertThat(BuildGraph.runnable(nodes)).extracting(Node::index).containsExactly(1, 3);
        assertThat(BuildGraph.runnable(List.of(new Node(0, ActionState.BLOCKED, List.of()))))
                .extracting(Node::index).containsExactly(0);
    }

    @Test
    void failedNeedIsNotEnough() {
        List<Node> nodes = List.of(new Node(0, ActionState.FAILED, List.of()), new Node(1, ActionState.BLOCKED, List.of(0)));
        assertThat(BuildGraph.runnable(nodes)).isEmpty();
        assertThat(BuildGraph.notStarted(nodes)).extracting(Node::index).containsExactly(1);
    }

    @Test
    void finishedWhenEveryNodeIsFinished() {
        assertThat(BuildGraph.finished(List.of(new Node(0, ActionState.SUCCEEDED, List.of()),
                new Node(1, ActionState.SKIPPED, List.of(0))))).isTrue();
        assertThat(BuildGraph.finished(List.of(new Node(0, ActionState.BUILDING, List.of())))).isFalse();
    }
}
