package ick.protocol;

import java.util.Map;

/**
 * The optional body of {@code POST /api/v1/projects/{name}/builds}: values for this build only.
 *
 * @param parameters values of parameters the project declares (its {@code parameters:}), replacing the
 *                   project's for this build, e.g. {@code {"git_ref": "refs/tags/release/1.2.3"}}; null: none
 */
public record TriggerRequest(Map<String, Object> parameters) {
    public Map<String, Object> parameters() {
        return parameters == null ? Map.of() : parameters;
    }
}
