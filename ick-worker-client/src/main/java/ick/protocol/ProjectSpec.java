package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A project as written in a project file.
 *
 * @param project    the name
 * @param parameters values the project gives its pipelines (any YAML value)
 * @param pipelines  the names of the pipelines a build runs, in order
 * @param recipients e-mail addresses told when a build ends; {@code notify} in JSON and YAML (null: nobody)
 * @param notifyOn   which outcomes are told: {@code failure}, {@code success}, {@code fixed} (null: failure
 *                   and fixed)
 * @param webhook    an http(s) URL that gets a JSON {@link BuildSummary} when a build ends (null: none)
 */
public record ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines,
                          @JsonProperty("notify") List<String> recipients, @JsonProperty("notify-on") List<String> notifyOn, String webhook) {
    /** A project without notifications (the form before notifications existed). */
    public ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines) {
        this(project, parameters, pipelines, null, null, null);
    }

    public Map<String, Object> parameters() {
        return parameters == null ? Map.of() : parameters;
    }

    public List<String> pipelines() {
        return pipelines == null ? List.of() : pipelines;
    }
}
