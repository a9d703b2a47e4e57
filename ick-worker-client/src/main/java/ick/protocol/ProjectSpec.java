package ick.protocol;

import java.util.List;
import java.util.Map;

/**
 * A project as written in a project file.
 *
 * @param project    the name
 * @param parameters values the project gives its pipelines (any YAML value)
 * @param pipelines  the names of the pipelines a build runs, in order
 */
public record ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines) {
    public Map<String, Object> parameters() {
        return parameters == null ? Map.of() : parameters;
    }

    public List<String> pipelines() {
        return pipelines == null ? List.of() : pipelines;
    }
}
