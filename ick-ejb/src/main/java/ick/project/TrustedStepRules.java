package ick.project;

import ick.protocol.PipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@code trusted: true} pipeline may do. It runs on a trusted worker, next to secrets (an SSH key, a PGP
 * key), so it runs no code from a repository or a system tree: only the built-ins of
 * {@link BuiltinActions#TRUSTED_ONLY_ALLOWED}, on the worker's host. And the built-ins that use those secrets
 * ({@link BuiltinActions#TRUSTED_ONLY}) run in trusted pipelines only, since no other worker holds any.
 */
public final class TrustedStepRules {
    private static final String ALLOWED = "git, create_workspace, archive, populate, publish_debs";

    private TrustedStepRules() {
    }

    /** Every fault of {@code pipeline} against these rules; {@code label} names it in the messages. */
    public static List<String> check(PipelineSpec pipeline, String label) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < pipeline.actions().size(); i++) {
            Map<String, Object> step = pipeline.actions().get(i);
            if (step == null) {
                continue; // StepRules reports it
            }
            String where = label + ", action " + (i + 1);
            if (pipeline.trustedOnly()) {
                errors.addAll(checkTrustedStep(where, step));
            } else if (step.get("action") instanceof String name && BuiltinActions.TRUSTED_ONLY.contains(name)) {
                errors.add(where + ": action " + Names.quote(name) + " uses a trusted worker's secrets, so it runs"
                        + " only in a pipeline with \"trusted: true\"");
            }
        }
        return errors;
    }

    private static List<String> checkTrustedStep(String where, Map<String, Object> step) {
        List<String> errors = new ArrayList<>();
        String kind = kind(step);
        if (kind != null && !BuiltinActions.TRUSTED_ONLY_ALLOWED.contains(kind)) {
            errors.add(where + ": a trusted pipeline runs only ick's trusted built-ins (" + ALLOWED + "), not "
                    + Names.quote(kind) + "; move that step to a pipeline that is not trusted");
        }
        Object place = step.get(StepRules.WHERE);
        if (place != null && !StepRules.DEFAULT_PLACE.equals(place)) {
            errors.add(where + ": a trusted pipeline runs on the trusted worker's host only, not \"where: "
                    + place + "\" (that would run code from a system tree next to the worker's secrets)");
        }
        return errors;
    }

    /** {@code shell}, {@code python}, {@code archive}, {@code populate} or the built-in's name; null if unclear. */
    private static String kind(Map<String, Object> step) {
        for (String kind : List.of("shell", "python", ArtifactStepRules.ARCHIVE, ArtifactStepRules.POPULATE)) {
            if (step.containsKey(kind)) {
                return kind;
            }
        }
        return step.get("action") instanceof String name ? name : null;
    }
}
