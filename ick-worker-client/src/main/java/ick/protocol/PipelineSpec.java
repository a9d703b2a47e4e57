package ick.protocol;

import java.util.List;
import java.util.Map;

/**
 * A pipeline as written in a project file.
 *
 * @param pipeline   the name
 * @param parameters the names of the project parameters the pipeline accepts
 * @param actions    the steps, each {@code shell: CODE}, {@code python: CODE} or {@code action: BUILTIN}, with
 *                   optional {@code where: host|chroot|container}, {@code timeout: 30s} and {@code retry: N}
 * @param needs      the pipelines (of the same project) that must succeed before this one starts; null: the
 *                   pipeline listed before it in the project (none for the first); empty: none
 * @param labels     the labels a worker must have to run the pipeline's actions (e.g. {@code arch=amd64})
 * @param workspace  {@code shared} (null, the default: the pipeline runs on the worker holding the build's
 *                   workspace and sees what the actions before it left there) or {@code own} (it needs no
 *                   upstream files and may run on any worker, in that worker's copy of the project's workspace)
 * @param trusted    {@code true}: the pipeline runs only on trusted workers and may use only the trusted
 *                   built-ins ({@code git}, {@code create_workspace}, {@code archive}, {@code populate},
 *                   {@code publish_debs}), which may use the secrets those workers hold; null or false: it runs
 *                   on the other workers
 */
public record PipelineSpec(String pipeline, List<String> parameters, List<Map<String, Object>> actions,
                           List<String> needs, List<String> labels, String workspace, Boolean trusted) {
    /** {@code workspace: shared} */
    public static final String SHARED = "shared";
    /** {@code workspace: own} */
    public static final String OWN = "own";

    /** A pipeline that is not trusted (the form before trusted workers). */
    public PipelineSpec(String pipeline, List<String> parameters, List<Map<String, Object>> actions,
                        List<String> needs, List<String> labels, String workspace) {
        this(pipeline, parameters, actions, needs, labels, workspace, null);
    }

    /** A pipeline without needs, labels or workspace (the form before the build graph was a DAG). */
    public PipelineSpec(String pipeline, List<String> parameters, List<Map<String, Object>> actions) {
        this(pipeline, parameters, actions, null, null, null);
    }

    public List<String> parameters() {
        return parameters == null ? List.of() : parameters;
    }

    public List<Map<String, Object>> actions() {
        return actions == null ? List.of() : actions;
    }

    /** The labels a worker must have (none when not given). */
    public List<String> requiredLabels() {
        return labels == null ? List.of() : labels;
    }

    /** Whether the pipeline runs in its own worker's workspace, needing no files from the actions before it. */
    public boolean ownWorkspace() {
        return OWN.equals(workspace);
    }

    /** Whether the pipeline runs only on trusted workers ({@code trusted: true}). */
    public boolean trustedOnly() {
        return Boolean.TRUE.equals(trusted);
    }
}
