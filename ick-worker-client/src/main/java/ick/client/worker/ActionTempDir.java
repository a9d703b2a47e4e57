package ick.client.worker;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The temp directory of one action, {@code ick-action-ID-*} in the JVM's temp directory (its script,
 * parameters, a container's overlay), removed when the action ends; locked while the action runs, with
 * {@code ick-action.lock} in it, so that the ones a killed worker left go ({@link LockedDir}).
 */
final class ActionTempDir {
    static final String PREFIX = "ick-action-";
    static final String LOCK = "ick-action.lock";

    private ActionTempDir() {
    }

    /** A new temp directory in {@code root} for action {@code actionId}, locked until it is closed. */
    static LockedDir create(Path root, long actionId) throws IOException {
        return LockedDir.create(root, PREFIX + actionId + "-", LOCK);
    }

    /** Removes the action temp directories in {@code root} that no action uses (their worker was killed). */
    static int removeStale(Path root) throws IOException {
        return LockedDir.removeStale(root, PREFIX, LOCK);
    }
}
