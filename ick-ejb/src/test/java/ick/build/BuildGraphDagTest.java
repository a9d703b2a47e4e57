package ick.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.project.PipelineOrder;
import ick.protocol.ActionState;
import ick.protocol.BuildState;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildGraphDagTest {
    private static PipelineSpec pipeline(String name, List<String> needs, String workspace, List<String> labels,
                                         String... shells) {
        List<Map<String, Object>> actions = new ArrayList<>();
        for (String shell : shells) {
            actions.add(Map.of("shell", shell));
        }
        return new PipelineSpec(name, List.of(), actions, needs, labels, workspace);
    }

    private static ProjectSpec project(List<PipelineSpec> pipelines) {
        return new ProjectSpec("p", Map.of(), pipelines.stream().map(PipelineSpec::pipeline).toList());
    }

    @Test
    void withoutNeedsPipelinesRunInListedOrder() {
        List<PipelineSpec> ps = List.of(pipeline("a", null, null, null, "1", "2"), pipeline("b", null, null, null, "3"));
        List<BuildGraph.PlannedAction> g = BuildGraph.expand(project(ps), ps);
        assertThat(g).extracting(BuildGraph.PlannedAction::needs)
                .containsExactly(List.of(), List.of(0), List.of(1), List.of(2));
        assertThat(g).extracting(BuildGraph.PlannedAction::affinity).containsExactly(null, 0, 1, 0);
    }

    @Test
    void independentBranchesAreReadyTogetherAndAJoinWaitsForAll() {
        List<PipelineSpec> ps = List.of(
                pipeline("prep", List.of(), null, null, "p"),
                pipeline("x", List.of("prep"), "own", List.of("arch=amd64"), "x1", "x2"),
                pipeline("y", List.of("prep"), null, List.of("container"), "y1"),
                pipeline("join", List.of("x", "y"), null, null, "j"));
        List<BuildGraph.PlannedAction> g = BuildGraph.expand(project(ps), ps);
        assertThat(g).hasSize(6);
        assertThat(g.get(2).needs()).containsExactly(1);       // x1 after prep
        assertThat(g.get(3).needs()).containsExactly(2);       // x2 after x1
        assertThat(g.get(4).needs()).containsExactly(1);       // y1 after prep
        assertThat(g.get(5).needs()).containsExactly(3, 4);    // join after x2 and y1
        assertThat(g.get(2).affinity()).isNull();              // own workspace: any worker
        assertThat(g.get(3).affinity()).isEqualTo(2);          // then the same worker
        assertThat(g.get(4).affinity()).isZero();              // shared: the workspace holder
        assertThat(g.get(2).labels()).containsExactly("arch=amd64");
        assertThat(g.get(0).labels()).containsExactly("container"); // the holder runs the shared pipelines

        List<Node> nodes = new ArrayList<>();
        for (BuildGraph.PlannedAction a : g) {
            nodes.add(new Node(a.index(), a.index() <= 1 ? ActionState.SUCCEEDED : ActionState.BLOCKED, a.needs()));
        }
        assertThat(BuildGraph.runnable(nodes)).extracting(Node::index).containsExactly(2, 4);
    }

    @Test
    void anEmptyPipelinePassesItsNeedsOn() {
        List<PipelineSpec> ps = List.of(pipeline("a", List.of(), null, null, "1"), pipeline("empty", List.of("a"), null, null),
                pipeline("b", List.of("empty"), null, null, "2"));
        assertThat(BuildGraph.expand(project(ps), ps).get(2).needs()).containsExactly(1);
    }

    @Test
    void cyclesAndUnknownNamesAreRefused() {
        List<PipelineSpec> cycle = List.of(pipeline("a", List.of("c"), null, null, "1"),
                pipeline("b", List.of("a"), null, null, "2"), pipeline("c", List.of("b"), null, null, "3"));
        assertThat(PipelineOrder.check(cycle)).containsExactly("pipelines form a cycle: a → c → b → a");
        assertThat(PipelineOrder.check(List.of(pipeline("a", List.of("a"), null, null))))
                .containsExactly("pipeline \"a\" needs itself");
        assertThat(PipelineOrder.check(List.of(pipeline("a", List.of("nope"), null, null))))
                .containsExactly("pipeline \"a\" needs \"nope\", which is not one of the project's pipelines");
        assertThatThrownBy(() -> BuildGraph.expand(project(cycle), cycle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void outcomePrefersCancelledThenTimedOutThenFailed() {
        assertThat(BuildGraph.outcome(List.of(n(ActionState.SUCCEEDED), n(ActionState.CANCELLED), n(ActionState.FAILED))))
                .isEqualTo(BuildState.CANCELLED);
        assertThat(BuildGraph.outcome(List.of(n(ActionState.TIMED_OUT), n(ActionState.SKIPPED))))
                .isEqualTo(BuildState.TIMED_OUT);
        assertThat(BuildGraph.outcome(List.of(n(ActionState.FAILED), n(ActionState.SKIPPED)))).isEqualTo(BuildState.FAILED);
        assertThat(BuildGraph.outcome(List.of(n(ActionState.SUCCEEDED)))).isEqualTo(BuildState.SUCCEEDED);
        assertThat(BuildGraph.outcome(List.<Node>of())).isEqualTo(BuildState.FAILED);
    }

    private static Node n(ActionState state) {
        return new Node(0, state, List.of());
    }

    record Node(int index, ActionState state, List<Integer> needs) implements BuildGraph.Node {
    }
}
