package ick.project;

import ick.protocol.PipelineSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pipelines of a project must succeed before each one starts. A pipeline's {@code needs} names them;
 * without {@code needs} it is the pipeline listed before it in the project (so a project file written
 * before {@code needs} existed still runs its pipelines one after the other), and {@code needs: []} means
 * none. Names must be pipelines of the same project, and the whole must have no cycle. Pure.
 */
public final class PipelineOrder {
    private PipelineOrder() {
    }

    /**
     * For each pipeline of the project (in the project's order), the names of those it needs.
     *
     * @param pipelines the project's pipelines, in its order
     * @throws IllegalArgumentException with every fault, one per line
     */
    public static Map<String, List<String>> resolve(List<PipelineSpec> pipelines) {
        List<String> errors = check(pipelines);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return needs(pipelines);
    }

    /** Every fault of the project's pipeline order: unknown names, a pipeline needing itself, cycles. */
    public static List<String> check(List<PipelineSpec> pipelines) {
        List<String> errors = new ArrayList<>();
        Map<String, List<String>> needs = needs(pipelines);
        for (Map.Entry<String, List<String>> entry : needs.entrySet()) {
            for (String needed : entry.getValue()) {
                if (needed.equals(entry.getKey())) {
                    errors.add("pipeline " + Names.quote(entry.getKey()) + " needs itself");
                } else if (!needs.containsKey(needed)) {
                    errors.add("pipeline " + Names.quote(entry.getKey()) + " needs " + Names.quote(needed)
                            + ", which is not one of the project's pipelines");
                }
            }
        }
        if (errors.isEmpty()) {
            cycle(needs).ifPresentOrElse(c -> errors.add("pipelines form a cycle: " + String.join(" → ", c)),
                    () -> { });
        }
        return errors;
    }

    private static Map<String, List<String>> needs(List<PipelineSpec> pipelines) {
        Map<String, List<String>> needs = new LinkedHashMap<>();
        String previous = null;
        for (PipelineSpec pipeline : pipelines) {
            // a null name is the pipeline's own fault (ProjectFileRules.checkPipeline); the order leaves it out
            List<String> own = pipeline.needs() != null
                    ? pipeline.needs().stream().filter(java.util.Objects::nonNull).toList()
                    : previous == null ? List.of() : List.of(previous);
            needs.putIfAbsent(pipeline.pipeline(), own);
            previous = pipeline.pipeline();
        }
        return needs;
    }

    /** A cycle as the names along it (first name repeated at the end), if there is one. */
    private static java.util.Optional<List<String>> cycle(Map<String, List<String>> needs) {
        Map<String, Integer> mark = new HashMap<>(); // 1: on the current path, 2: done
        for (String start : needs.keySet()) {
            List<String> path = new ArrayList<>();
            java.util.Optional<List<String>> found = visit(start, needs, mark, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<List<String>> visit(String name, Map<String, List<String>> needs,
                                                          Map<String, Integer> mark, List<String> path) {
        Integer m = mark.get(name);
        if (m != null && m == 2) {
            return java.util.Optional.empty();
        }
        if (m != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            return java.util.Optional.of(cycle);
        }
        mark.put(name, 1);
        path.add(name);
        for (String needed : needs.getOrDefault(name, List.of())) {
            java.util.Optional<List<String>> found = visit(needed, needs, mark, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        mark.put(name, 2);
        return java.util.Optional.empty();
    }
}
