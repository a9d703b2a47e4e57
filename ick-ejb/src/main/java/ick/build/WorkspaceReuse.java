package ick.build;

import ick.build.BuildGraph.PlannedAction;
import ick.project.StepRules;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code workspace: reuse}: node 0 becomes {@code populate: workspace} (the workspace the last successful
 * build stored, or an empty one the first time) and a last node {@code archive: workspace} needs every node
 * that nothing else needs, on the worker holding the workspace. Since a node runs only when all it needs
 * succeeded, a failed build never archives: the last good workspace stays. Pure.
 */
final class WorkspaceReuse {
    private WorkspaceReuse() {
    }

    static List<PlannedAction> apply(ProjectSpec project, List<PlannedAction> graph) {
        if (!project.reusesWorkspace() || graph.isEmpty()) {
            return graph;
        }
        List<PlannedAction> result = new ArrayList<>(graph);
        PlannedAction first = graph.get(0);
        result.set(0, new PlannedAction(0, first.pipeline(), step("populate"), first.parameters(), first.needs(),
                first.labels(), first.affinity(), first.trusted()));
        Set<Integer> needed = new HashSet<>();
        graph.forEach(node -> needed.addAll(node.needs()));
        List<Integer> sinks = graph.stream().map(PlannedAction::index).filter(i -> !needed.contains(i)).toList();
        result.add(new PlannedAction(graph.size(), null, step("archive"), Map.of(), sinks, first.labels(), 0,
                first.trusted()));
        return result;
    }

    private static Map<String, Object> step(String kind) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put(kind, "workspace");
        step.put(StepRules.WHERE, StepRules.DEFAULT_PLACE);
        return step;
    }
}
