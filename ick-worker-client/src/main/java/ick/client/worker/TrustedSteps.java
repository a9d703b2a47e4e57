package ick.client.worker;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a trusted worker runs: ick's trusted built-ins on its host, nothing else. The controller only gives it
 * the actions of {@code trusted: true} pipelines, whose rules already say so; the worker checks again, so that
 * a mistake (or a compromise) of the controller still cannot make it run code next to its secrets.
 */
final class TrustedSteps {
    static final Set<String> BUILTINS = Set.of("git", "create_workspace", "publish_debs");
    static final List<String> ARTIFACT_KINDS = List.of("archive", "populate");

    private TrustedSteps() {
    }

    /** Why a trusted worker refuses {@code step}, or null if it may run it. */
    static String refusal(Map<String, Object> step) {
        Object where = step.getOrDefault("where", "host");
        if (!"host".equals(where)) {
            return "this is a trusted worker: it runs trusted built-ins on its host only, not where: " + where;
        }
        if (ARTIFACT_KINDS.stream().anyMatch(step::containsKey)) {
            return null;
        }
        Object builtin = step.get("action");
        if (builtin instanceof String name && BUILTINS.contains(name)) {
            return null;
        }
        String what = step.containsKey("shell") ? "shell" : step.containsKey("python") ? "python"
                : builtin != null ? "action: " + builtin : "a step of " + step.keySet();
        return "this is a trusted worker: it runs only ick's trusted built-ins (git, create_workspace, archive,"
                + " populate, publish_debs), never " + what + "; the controller should not have given it this action";
    }
}
