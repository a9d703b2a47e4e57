package ick.build;

import ick.project.BuiltinActions;
import ick.project.StepRules;
import ick.protocol.ActionState;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a project becomes a build graph, and which nodes may run next. Pure.
 *
 * <p>The graph: first the built-in {@code create_workspace}, then each pipeline's actions in the project's
 * order, each with the parameters its pipeline declares, valued from the project (a declared parameter the
 * project does not give is simply absent). Each node names the nodes it needs ({@code needs}); today that is
 * the node before it, making a chain, but dispatch only ever looks at {@code needs}.
 */
public final class BuildGraph {
    private BuildGraph() {
    }

    /** A node of the graph, as planned before it is stored. */
    public record PlannedAction(int index, String pipeline, Map<String, Object> step, Map<String, Object> parameters,
                                List<Integer> needs) {
    }

    /** What readiness needs to know of a stored node. */
    public interface Node {
        int index();

        ActionState state();

        List<Integer> needs();
    }

    public static List<PlannedAction> expand(ProjectSpec project, List<PipelineSpec> pipelines) {
        List<PlannedAction> graph = new ArrayList<>();
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("action", BuiltinActions.CREATE_WORKSPACE);
        workspace.put(StepRules.WHERE, StepRules.DEFAULT_PLACE);
        graph.add(new PlannedAction(0, null, workspace, Map.of(), List.of()));
        for (PipelineSpec pipeline : pipelines) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (String name : pipeline.parameters()) {
                if (project.parameters().containsKey(name)) {
                    parameters.put(name, project.parameters().get(name));
                }
            }
            for (Map<String, Object> written : pipeline.actions()) {
                Map<String, Object> step = new LinkedHashMap<>(written);
                step.putIfAbsent(StepRules.WHERE, StepRules.DEFAULT_PLACE);
                int index = graph.size();
                graph.add(new PlannedAction(index, pipeline.pipeline(), step, parameters, List.of(index - 1)));
            }
        }
        return graph;
    }

    /** The blocked nodes whose every needed node has succeeded: they may be made ready now. */
    public static <N extends Node> List<N> runnable(Collection<N> nodes) {
        Map<Integer, ActionState> states = nodes.stream().collect(Collectors.toMap(Node::index, Node::state));
        return nodes.stream()
                .filter(n -> n.state() == ActionState.BLOCKED)
                .filter(n -> n.needs().stream().allMatch(i -> states.get(i) == ActionState.SUCCEEDED))
                .toList();
    }

    /** The nodes not started yet: when a node fails, these are skipped (a build fails fast). */
    public static <N extends Node> List<N> notStarted(Collection<N> nodes) {
        return nodes.stream()
                .filter(n -> n.state() == ActionState.BLOCKED || n.state() == ActionState.READY)
                .toList();
    }

    /** Whether every node is finished (succeeded, failed or skipped). */
    public static boolean finished(Collection<? extends Node> nodes) {
        return nodes.stream().allMatch(n -> n.state().isFinished());
    }
}
