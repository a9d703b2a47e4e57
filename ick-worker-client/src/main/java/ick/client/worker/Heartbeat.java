package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.HeartbeatReply;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    /**
     * The threads that send every action's heartbeats: kept between actions, so that an action shorter than a
     * beat (most are) costs no thread at all. Two, so that one controller slow to answer one worker's beat
     * (several workers may share a JVM, as in tests) does not hold up the others'.
     */
    private static final ScheduledExecutorService BEATS = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final ApiClient api;
    private final String path;
    private final Consumer<String> stop;
    private final ScheduledFuture<?> beats;
    private volatile boolean closed;
    /** Beats wait for this (an action run ahead: until the controller has given it to this worker). */
    private final CompletableFuture<Boolean> given;
    private final Runnable claim;

    /** @param stop runs once, with the reason, when the action must stop (on a thread of its own: it may wait) */
    Heartbeat(ApiClient api, long actionId, int attempt, Duration every, Consumer<String> stop) {
        this(api, actionId, attempt, every, stop, RunAhead.held(), () -> { });
    }

    /**
     * For an action run ahead: no beat is sent before {@code given} completes true (false: none ever is; the
     * one who completed it stops the action); a beat due before runs {@code claim} instead.
     */
    Heartbeat(ApiClient api, long actionId, int attempt, Duration every, Consumer<String> stop,
              CompletableFuture<Boolean> given, Runnable claim) {
        this.given = given;
        this.claim = claim;
        this.api = api;
        this.path = "/work/" + actionId + "/heartbeat" + (attempt > 0 ? "?attempt=" + attempt : "");
        this.stop = stop;
        long millis = every.toMillis();
        this.beats = BEATS.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One beat; an exception ends the beats (a scheduled task that throws is not run again). */
    private void beat() {
        if (closed) {
            throw new CancellationException("closed");
        }
        if (!given.isDone()) {
            claim.run();
            return;
        }
        if (!given.join()) {
            throw new CancellationException("not given");
        }
        try {
            HeartbeatReply reply = api.post(path, null, HeartbeatReply.class);
            if (reply != null && reply.mustStop()) {
                end(reply.state().json() + (reply.message() == null ? "" : ": " + reply.message()));
            }
        } catch (InterruptedException e) {
            throw new CancellationException("closed"); // close() cancelled this beat
        } catch (ProblemException e) {
            if (e.status() == 409) {
                end("the controller no longer gives this action to this worker: " + e.getMessage());
            }
            if (e.status() == 403 || e.status() == 404) {
                LOG.warning(() -> "heartbeats refused (" + e.getMessage() + "); the action runs on without them"
                        + " (give this worker's client the scope uapi_work_id_heartbeat_post)");
                throw new CancellationException("refused");
            }
            LOG.fine(() -> "heartbeat failed: " + e.getMessage());
        } catch (ApiException | ConfigException e) {
            LOG.fine(() -> "heartbeat failed: " + e.getMessage());
        }
    }

    /** Stops beating and runs {@link #stop} (unless closed meanwhile) on a thread of its own. */
    private void end(String reason) {
        if (!closed) {
            Thread stopper = new Thread(() -> stop.accept(reason), "heartbeat-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
        throw new CancellationException("stopping");
    }

    @Override
    public void close() {
        closed = true;
        beats.cancel(true);
    }
}
