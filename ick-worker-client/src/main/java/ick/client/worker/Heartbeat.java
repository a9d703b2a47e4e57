package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.HeartbeatReply;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Tells the controller, every second while an action runs, that this worker still holds it: that renews the
 * action's lease, and the answer says whether the action must stop (cancelled, timed out) — so a worker
 * learns of a cancel within about a second even while the action prints nothing. A 409 (the action is no
 * longer this worker's: re-leased, or unknown) also stops it. A controller that cannot be reached is simply
 * asked again a second later; the lease is long enough for that.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final ApiClient api;
    private final String path;
    private final Duration every;
    private final Consumer<String> stop;
    private final Thread thread;
    private volatile boolean closed;

    /** @param stop runs once, with the reason, when the action must stop */
    Heartbeat(ApiClient api, long actionId, int attempt, Duration every, Consumer<String> stop) {
        this.api = api;
        this.path = "/work/" + actionId + "/heartbeat" + (attempt > 0 ? "?attempt=" + attempt : "");
        this.every = every;
        this.stop = stop;
        this.thread = new Thread(this::beat, "heartbeat-" + actionId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void beat() {
        while (!closed) {
            try {
                Thread.sleep(every.toMillis());
                if (closed) {
                    return;
                }
                HeartbeatReply reply = api.post(path, null, HeartbeatReply.class);
                if (reply != null && reply.mustStop()) {
                    stop.accept(reply.state().json() + (reply.message() == null ? "" : ": " + reply.message()));
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (ProblemException e) {
                if (e.status() == 409) {
                    stop.accept("the controller no longer gives this action to this worker: " + e.getMessage());
                    return;
                }
                if (e.status() == 403 || e.status() == 404) {
                    LOG.warning(() -> "heartbeats refused (" + e.getMessage() + "); the action runs on without them"
                            + " (give this worker's client the scope uapi_work_id_heartbeat_post)");
                    return;
                }
                LOG.fine(() -> "heartbeat failed: " + e.getMessage());
            } catch (ApiException | ConfigException e) {
                LOG.fine(() -> "heartbeat failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
