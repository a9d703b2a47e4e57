package ick.protocol;

import java.util.List;
import java.util.Map;

/**
 * A pipeline as written in a project file.
 *
 * @param pipeline   the name
 * @param parameters the names of the project parameters the pipeline accepts
 * @param actions    the steps, each {@code shell: CODE}, {@code python: CODE} or {@code action: BUILTIN}, with
 *                   optional {@code where: host|chroot|container}
 */
public record PipelineSpec(String pipeline, List<String> parameters, List<Map<String, Object>> actions) {
    public List<String> parameters() {
        return parameters == null ? List.of() : parameters;
    }

    public List<Map<String, Object>> actions() {
        return actions == null ? List.of() : actions;
    }
}
