package ick.client.worker;

import ick.client.http.BlobClient;

import java.util.Map;

/** Chooses the action of an {@code archive:} or {@code populate:} step; one {@link BlobClient} per worker. */
final class BlobActions {
    private static BlobClient shared;
    private static Object sharedFor;

    private BlobActions() {
    }

    static boolean handles(Map<String, Object> step) {
        return step.containsKey("archive") || step.containsKey("populate");
    }

    static Action forStep(ActionContext context) {
        Map<String, Object> step = context.item().step();
        String kind = step.containsKey("archive") ? "archive" : "populate";
        Object what = step.get(kind);
        if (!BlobSteps.isKnown(what)) {
            return new UnsupportedAction(kind + ": must be workspace or systree, not " + what);
        }
        if (context.controller() == null) {
            return new UnsupportedAction(kind + ": this worker has no controller to keep blobs on");
        }
        BlobClient blobs = client(context);
        return kind.equals("archive") ? new ArchiveAction(context, (String) what, blobs)
                : new PopulateAction(context, (String) what, blobs);
    }

    /** One client (and so one cached token) for as long as the worker's configuration stays the same. */
    static synchronized BlobClient client(ActionContext context) {
        if (shared == null || sharedFor != context.controller()) {
            shared = new BlobClient(context.controller());
            sharedFor = context.controller();
        }
        return shared;
    }
}
