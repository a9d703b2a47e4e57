package ick.blob;

import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which blobs the projects reference, for retention: each project's workspace and system tree blobs
 * ({@code workspace/PROJECT}, {@code systree/PROJECT}, the defaults of {@code archive:} and {@code populate:})
 * and every name an action of its pipelines gives with {@code blob:}. Pure.
 */
public final class BlobReferences {
    /** The step key that names a blob explicitly. */
    public static final String BLOB = "blob";

    private BlobReferences() {
    }

    /** The default blob of {@code archive: WHAT} / {@code populate: WHAT} in a build of {@code project}. */
    public static String defaultName(String what, String project) {
        return what + "/" + project;
    }

    /** Each referenced blob name with the projects that reference it, for people (which project keeps it). */
    public static Map<String, List<String>> byName(Collection<ProjectSpec> projects,
                                                   Function<String, PipelineSpec> pipelines) {
        Map<String, Set<String>> keptFor = new TreeMap<>();
        for (ProjectSpec project : projects) {
            for (String name : of(List.of(project), pipelines)) {
                keptFor.computeIfAbsent(name, n -> new TreeSet<>()).add(project.project());
            }
        }
        Map<String, List<String>> answer = new TreeMap<>();
        keptFor.forEach((name, names) -> answer.put(name, List.copyOf(names)));
        return answer;
    }

    public static Set<String> of(Collection<ProjectSpec> projects, Function<String, PipelineSpec> pipelines) {
        Set<String> names = new TreeSet<>();
        for (ProjectSpec project : projects) {
            names.add(defaultName("workspace", project.project()));
            names.add(defaultName("systree", project.project()));
            for (String pipelineName : project.pipelines()) {
                PipelineSpec pipeline = pipelines.apply(pipelineName);
                if (pipeline == null) {
                    continue;
                }
                for (Map<String, Object> step : pipeline.actions()) {
                    if (step.get(BLOB) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
