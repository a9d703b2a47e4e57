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
 * @param workspace  {@code reuse}: each build starts from the workspace the last successful build left
 *                   (a blob), and a successful build stores its workspace; null or {@code fresh}: every
 *                   build starts from an empty workspace
 * @param timeout    a time limit for a whole build, as written ({@link TimeLimit}: {@code 90}, {@code 30m},
 *                   {@code 2h}); past it the build's running actions are stopped and it ends {@code timed-out}
 *                   (null: none)
 */
public record ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines,
                          @JsonProperty("notify") List<String> recipients, @JsonProperty("notify-on") List<String> notifyOn, String webhook,
                          String workspace, Object timeout) {
    /** {@code workspace: reuse}. */
    public static final String REUSE = "reuse";

    /** A project without a time limit (the form before a project could have one). */
    public ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines,
                       List<String> recipients, List<String> notifyOn, String webhook, String workspace) {
        this(project, parameters, pipelines, recipients, notifyOn, webhook, workspace, null);
    }

    /** A project with notifications and a fresh workspace (the form before workspaces could be reused). */
    public ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines,
                       List<String> recipients, List<String> notifyOn, String webhook) {
        this(project, parameters, pipelines, recipients, notifyOn, webhook, null);
    }

    /** A project without notifications (the form before notifications existed). */
    public ProjectSpec(String project, Map<String, Object> parameters, List<String> pipelines) {
        this(project, parameters, pipelines, null, null, null, null, null);
    }

    public Map<String, Object> parameters() {
        return parameters == null ? Map.of() : parameters;
    }

    /** Whether builds start from the last successful build's workspace. */
    public boolean reusesWorkspace() {
        return REUSE.equals(workspace);
    }

    /**
     * The seconds of {@link #timeout()}, 0 for none.
     *
     * @throws IllegalArgumentException if it is not a valid time limit
     */
    public long timeoutSeconds() {
        return timeout == null ? 0 : TimeLimit.seconds(timeout);
    }

    public List<String> pipelines() {
        return pipelines == null ? List.of() : pipelines;
    }
}
