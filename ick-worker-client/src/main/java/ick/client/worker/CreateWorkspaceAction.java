package ick.client.worker;

import ick.protocol.ActionResult;

import java.io.IOException;

/** {@code action: create_workspace}: the project's workspace, empty (created if missing). First in every build. */
final class CreateWorkspaceAction implements Action {
    private final ActionContext context;

    CreateWorkspaceAction(ActionContext context) {
        this.context = context;
    }

    @Override
    public ActionResult run(ActionOutput out) {
        try {
            FileTrees.empty(context.workspace());
            out.line("create_workspace: " + context.workspace() + " is empty");
            return new ActionResult(0, null);
        } catch (IOException e) {
            String message = "create_workspace: cannot empty " + context.workspace() + ": " + e;
            out.line(message);
            return new ActionResult(1, message);
        }
    }

    @Override
    public void stop() {
        // quick and not interruptible part-way without leaving a half-emptied workspace anyway
    }
}
