package ick.build;

import ick.project.BuiltinActions;
import ick.project.PipelineOrder;
import ick.project.StepRules;
import ick.protocol.ActionState;
import ick.protocol.BuildState;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How a project becomes a build graph, and which nodes may run next. Pure.
 *
 * <p>The graph: first the built-in {@code create_workspace} (node 0), then each pipeline's actions, each
 * with the parameters its pipeline declares, valued from the project (a declared parameter the project does
 * not give is simply absent). Inside a pipeline the actions run in order; a pipeline's first action needs
 * the last action of every pipeline it needs ({@link PipelineOrder}), or node 0 when it needs none; so
 * independent pipelines are ready together. Dispatch only ever looks at {@code needs}.
 *
 * <p>Where an action runs (the workspace follows the graph by affinity, see docs/architecture.md): node 0
 * goes to any worker, which then holds the build's workspace; a {@code shared} pipeline's actions run on that
 * worker; an {@code own} pipeline's first action runs on any worker and the rest of it on the same one.
 * Node 0 carries the labels of every shared pipeline, so that the worker holding the workspace can run them.
 *
 * <p>Trust: the actions of a {@code trusted: true} pipeline are trusted (only trusted workers run them, and
 * they run nothing else). A trusted pipeline cannot follow a build's workspace held by another kind of
 * worker, so it runs as {@code workspace: own}, unless every pipeline is trusted: then node 0 is trusted too
 * and the whole build stays on trusted workers, shared workspace and all.
 */
public final class BuildGraph {
    private BuildGraph() {
    }

    /**
     * A node of the graph, as planned before it is stored.
     *
     * @param labels   what a worker must have to run it
     * @param affinity the node whose worker must run this one too (it holds the files), or null for any
     * @param trusted  whether only trusted workers run it (and they run only such nodes)
     */
    public record PlannedAction(int index, String pipeline, Map<String, Object> step, Map<String, Object> parameters,
                                List<Integer> needs, List<String> labels, Integer affinity, boolean trusted) {
        /** A node that is not trusted. */
        public PlannedAction(int index, String pipeline, Map<String, Object> step, Map<String, Object> parameters,
                             List<Integer> needs, List<String> labels, Integer affinity) {
            this(index, pipeline, step, parameters, needs, labels, affinity, false);
        }

        /** A node any worker may run. */
        public PlannedAction(int index, String pipeline, Map<String, Object> step, Map<String, Object> parameters,
                             List<Integer> needs) {
            this(index, pipeline, step, parameters, needs, List.of(), null, false);
        }
    }

    /** What readiness needs to know of a stored node. */
    public interface Node {
        int index();

        ActionState state();

        List<Integer> needs();
    }

    /**
     * The graph of a build of {@code project}.
     *
     * @param pipelines the project's pipelines, in its order
     * @throws IllegalArgumentException when the pipelines' needs are unknown or form a cycle (a pipeline changed
     *                                  since the project was checked)
     */
    public static List<PlannedAction> expand(ProjectSpec project, List<PipelineSpec> pipelines) {
        return expand(project, pipelines, Map.of());
    }

    /**
     * The graph of a build of {@code project} triggered with parameter values {@code given}, which replace the
     * project's (the trigger checked that the project declares each).
     */
    public static List<PlannedAction> expand(ProjectSpec project, List<PipelineSpec> pipelines,
                                             Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>(project.parameters());
        values.putAll(given);
        boolean allTrusted = !pipelines.isEmpty() && pipelines.stream().allMatch(PipelineSpec::trustedOnly);
        Map<String, List<String>> order = PipelineOrder.resolve(pipelines);
        // Indexes first: a pipeline may need one listed after it.
        Map<String, int[]> span = new LinkedHashMap<>(); // name -> {first, count}
        int next = 1;
        for (PipelineSpec pipeline : pipelines) {
            span.put(pipeline.pipeline(), new int[] {next, pipeline.actions().size()});
            next += pipeline.actions().size();
        }
        Map<String, Set<Integer>> ends = new HashMap<>();
        Set<String> sharedLabels = new TreeSet<>();
        List<PlannedAction> graph = new ArrayList<>();
        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("action", BuiltinActions.CREATE_WORKSPACE);
        workspace.put(StepRules.WHERE, StepRules.DEFAULT_PLACE);
        graph.add(null); // node 0, once its labels are known
        for (PipelineSpec pipeline : pipelines) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            for (String name : pipeline.parameters()) {
                if (values.containsKey(name)) {
                    parameters.put(name, values.get(name));
                }
            }
            // Whether it runs where node 0 ran, in the build's workspace.
            boolean followsHolder = !pipeline.ownWorkspace() && pipeline.trustedOnly() == allTrusted;
            if (followsHolder) {
                sharedLabels.addAll(pipeline.requiredLabels());
            }
            int first = span.get(pipeline.pipeline())[0];
            List<Integer> firstNeeds = List.copyOf(firstNodes(pipeline.pipeline(), order, span, ends));
            for (int i = 0; i < pipeline.actions().size(); i++) {
                Map<String, Object> step = new LinkedHashMap<>(pipeline.actions().get(i));
                step.putIfAbsent(StepRules.WHERE, StepRules.DEFAULT_PLACE);
                int index = first + i;
                List<Integer> needs = i == 0 ? firstNeeds : List.of(index - 1);
                Integer affinity = i > 0 ? Integer.valueOf(index - 1) : followsHolder ? Integer.valueOf(0) : null;
                graph.add(new PlannedAction(index, pipeline.pipeline(), step, parameters, needs,
                        pipeline.requiredLabels(), affinity, pipeline.trustedOnly()));
            }
        }
        graph.set(0, new PlannedAction(0, null, workspace, Map.of(), List.of(), List.copyOf(sharedLabels), null,
                allTrusted));
        return WorkspaceReuse.apply(project, graph);
    }

    /**
     * The nodes a pipeline's first action needs: the last action of each pipeline it needs (through an empty
     * pipeline, to what that one needs), or node 0.
     */
    private static Set<Integer> firstNodes(String pipeline, Map<String, List<String>> order, Map<String, int[]> span,
                                     Map<String, Set<Integer>> memo) {
        Set<Integer> result = new TreeSet<>();
        for (String needed : order.get(pipeline)) {
            result.addAll(lastOf(needed, order, span, memo));
        }
        if (result.isEmpty()) {
            result.add(0);
        }
        return result;
    }

    private static Set<Integer> lastOf(String pipeline, Map<String, List<String>> order, Map<String, int[]> span,
                                       Map<String, Set<Integer>> memo) {
        Set<Integer> known = memo.get(pipeline);
        if (known != null) {
            return known;
        }
        int[] s = span.get(pipeline);
        Set<Integer> last = s[1] > 0 ? Set.of(s[0] + s[1] - 1) : firstNodes(pipeline, order, span, memo);
        memo.put(pipeline, last);
        return last;
    }

    /** The blocked nodes whose every needed node has succeeded: they may be made ready now. */
    public static <N extends Node> List<N> runnable(Collection<N> nodes) {
        Map<Integer, ActionState> states = nodes.stream().collect(Collectors.toMap(Node::index, Node::state));
        return nodes.stream()
                .filter(n -> n.state() == ActionState.BLOCKED)
                .filter(n -> n.needs().stream().allMatch(i -> states.get(i) == ActionState.SUCCEEDED))
                .toList();
    }

    /** The nodes not started yet: when a node fails, these are skipped (a build fails fast); on cancel, cancelled. */
    public static <N extends Node> List<N> notStarted(Collection<N> nodes) {
        return nodes.stream()
                .filter(n -> n.state() == ActionState.BLOCKED || n.state() == ActionState.READY)
                .toList();
    }

    /** Whether every node is finished (succeeded, failed, skipped, cancelled or timed out). */
    public static boolean finished(Collection<? extends Node> nodes) {
        return nodes.stream().allMatch(n -> n.state().isFinished());
    }

    /**
     * How a build whose every node is finished ended: cancelled if a node was cancelled, else timed out if one
     * timed out, else failed if one failed (or there is none), else succeeded.
     */
    public static BuildState outcome(Collection<? extends Node> nodes) {
        if (nodes.isEmpty()) {
            return BuildState.FAILED;
        }
        for (ActionState state : List.of(ActionState.CANCELLED, ActionState.TIMED_OUT, ActionState.FAILED)) {
            if (nodes.stream().anyMatch(n -> n.state() == state)) {
                return state == ActionState.CANCELLED ? BuildState.CANCELLED
                        : state == ActionState.TIMED_OUT ? BuildState.TIMED_OUT : BuildState.FAILED;
            }
        }
        return nodes.stream().allMatch(n -> n.state() == ActionState.SUCCEEDED) ? BuildState.SUCCEEDED : BuildState.FAILED;
    }
}
