package ick.client.worker;

import ick.protocol.ActionResult;

/** An action this worker cannot run: ends at once with exit code 2 and says why. */
final class UnsupportedAction implements Action {
    static final int EXIT_CODE = 2;

    private final String message;

    UnsupportedAction(String message) {
        this.message = message;
    }

    @Override
    public ActionResult run(ActionOutput out) {
        out.line("ick: " + message);
        return new ActionResult(EXIT_CODE, message);
    }

    @Override
    public void stop() {
        // nothing runs
    }
}
