package ick.client.worker;

import ick.client.http.ClientConfig;
import ick.protocol.WorkItem;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an action runs with.
 *
 * @param workspace the project's workspace, {@code {workspace-root}/{project}}
 * @param tempDir   a directory of this action alone, outside the workspace, removed after it (scripts, parameters)
 * @param stopGrace how long a stopped action's processes get between SIGTERM and SIGKILL
 * @param controller the worker's controller and credentials, for blob transfers (null: none, e.g. in tests)
 */
record ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace, ClientConfig controller) {
    /** A context without a controller (no blob transfers). */
    ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace) {
        this(item, workspace, tempDir, stopGrace, null);
    }

    /** A parameter as text, or {@code null} if absent or null. */
    String parameter(String name) {
        Object value = item.parameters() == null ? null : item.parameters().get(name);
        return value == null ? null : value.toString();
    }
}
