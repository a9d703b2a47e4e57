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
 * @param secrets   a trusted worker's secrets; null on any other worker (which runs no trusted built-in)
 * @param limits    what the worker's caches may take
 */
record ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace, ClientConfig controller,
                     Secrets secrets, WorkerLimits limits) {
    /** A context with the default limits. */
    ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace, ClientConfig controller,
                  Secrets secrets) {
        this(item, workspace, tempDir, stopGrace, controller, secrets, WorkerLimits.DEFAULTS);
    }

    /** A context on a worker that is not trusted. */
    ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace, ClientConfig controller) {
        this(item, workspace, tempDir, stopGrace, controller, null);
    }

    /** A context without a controller (no blob transfers). */
    ActionContext(WorkItem item, Path workspace, Path tempDir, Duration stopGrace) {
        this(item, workspace, tempDir, stopGrace, null, null);
    }

    /** Whether this runs on a trusted worker. */
    boolean trusted() {
        return secrets != null;
    }

    /** A parameter as text, or {@code null} if absent or null. */
    String parameter(String name) {
        Object value = item.parameters() == null ? null : item.parameters().get(name);
        return value == null ? null : value.toString();
    }
}
