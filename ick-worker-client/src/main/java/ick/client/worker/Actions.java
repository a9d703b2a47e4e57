package ick.client.worker;

import ick.client.http.BlobClient;

import java.util.Map;

/** Chooses how to run a step, from its keys as written in the pipeline. */
final class Actions {
    private Actions() {
    }

    static Action forStep(ActionContext context) {
        Map<String, Object> step = context.item().step() == null ? Map.of() : context.item().step();
        if (context.trusted()) {
            // Defence in depth: the controller gives a trusted worker trusted actions only.
            String refusal = TrustedSteps.refusal(step);
            if (refusal != null) {
                return new UnsupportedAction(refusal);
            }
        }
        Object where = step.getOrDefault("where", "host");
        if (!"host".equals(where) && !Sandbox.PLACES.contains(where)) {
            return new UnsupportedAction("where: " + where + " is not supported by this worker (it knows host, "
                    + String.join(", ", Sandbox.PLACES) + ")");
        }
        Sandbox sandbox = Sandbox.of(context);
        if (sandbox != null && sandbox.problem() != null && (step.containsKey("shell") || step.containsKey("python"))) {
            return new UnsupportedAction(sandbox.problem());
        }
        if (BlobActions.handles(step)) {
            return BlobActions.forStep(context);
        }
        if (step.containsKey("shell")) {
            return step.get("shell") instanceof String code ? ScriptAction.shell(code, context)
                    : new UnsupportedAction("shell: must be text (the code to run)");
        }
        if (step.containsKey("python")) {
            return step.get("python") instanceof String code ? ScriptAction.python(code, context)
                    : new UnsupportedAction("python: must be text (the code to run)");
        }
        Object builtin = step.get("action");
        if (builtin == null) {
            return new UnsupportedAction("the step has none of shell, python or action: " + step.keySet());
        }
        return switch (builtin.toString()) {
            case "create_workspace" -> new CreateWorkspaceAction(context);
            case "git" -> new GitAction(context);
            case "publish_debs" -> context.trusted() ? PublishDebsAction.of(context)
                    : new UnsupportedAction("action: publish_debs runs only on a trusted worker (it signs with a"
                    + " secret key that only trusted workers hold); its pipeline must say \"trusted: true\"");
            case "debootstrap" -> new DebootstrapAction(context);
            case "deb" -> context.controller() == null
                    ? new UnsupportedAction("action: deb: this worker has no controller to keep blobs on")
                    : new DebAction(context, (name, file) -> BlobActions.client(context).put(name, file, null,
                            BlobClient.Progress.NONE).sha256());
            default -> new UnsupportedAction("action: " + builtin + " is not supported by this worker"
                    + " (it knows create_workspace, git, debootstrap and deb)");
        };
    }
}
