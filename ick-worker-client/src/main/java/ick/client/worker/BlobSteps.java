package ick.client.worker;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code archive:} and {@code populate:} steps act on: {@code workspace} (the project's workspace) or
 * {@code systree} (the project's system tree, {@code {workspace-root}/.systrees/PROJECT}), and the blob:
 * {@code blob: NAME} if the step gives one, else {@code workspace/PROJECT} or {@code systree/PROJECT}.
 */
final class BlobSteps {
    static final String WORKSPACE = "workspace";
    static final String SYSTREE = "systree";

    private BlobSteps() {
    }

    /** The project's system tree on this worker (made by debootstrap or populate: systree). */
    static Path systree(ActionContext context) {
        return context.workspace().getParent().resolve(".systrees").resolve(context.item().project());
    }

    /** Where populated system trees are kept by digest, so a tree is downloaded once per worker ({@link SystreeCache}). */
    static Path systreeCache(ActionContext context) {
        return context.workspace().getParent().resolve(".systree-cache");
    }

    static Path tree(String what, ActionContext context) {
        return SYSTREE.equals(what) ? systree(context) : context.workspace();
    }

    static String blobName(String what, ActionContext context) {
        return isNamed(context) ? (String) context.item().step().get("blob") : what + "/" + context.item().project();
    }

    /** Whether the step names its blob ({@code blob: NAME}) rather than taking the project's default. */
    static boolean isNamed(ActionContext context) {
        Map<String, Object> step = context.item().step();
        return step != null && step.get("blob") instanceof String name && !name.isBlank();
    }

    static boolean isKnown(Object what) {
        return WORKSPACE.equals(what) || SYSTREE.equals(what);
    }
}
