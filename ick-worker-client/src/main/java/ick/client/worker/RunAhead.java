package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.ActionResult;
import ick.protocol.OutputChunk;
import ick.protocol.ResultBatch;
import ick.protocol.ResultBatchReply;
import ick.protocol.WorkItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chain of actions a worker runs ahead ({@link WorkItem#ahead()}): the results it has not reported yet, and
 * the action it started after them that the controller has not given it yet. The results go in one call
 * ({@code POST /work/results}, a {@link ResultBatch}) when the chain ends or fails, when the oldest has waited
 * {@link #FLUSH_AFTER} (the log stays live), or when the action running ahead must report (its first output
 * call or heartbeat: {@link #claimSoon()}). A call that names the running action makes the controller give it
 * to this worker; until the answer, that action's reports wait ({@link #start}'s future), and if the answer
 * refuses it (its build was cancelled meanwhile) it is stopped.
 *
 * <p>The calls are sent by whoever needs them, one at a time (this object's lock is held while one is on its
 * way), and repeated after a backoff while the controller cannot be reached: a batch sent again is taken again
 * as the same, so nothing is lost or taken twice.
 */
final class RunAhead {
    private static final Logger LOG = Logger.getLogger(RunAhead.class.getName());
    /** The longest a result waits for the others of its chain before it is sent. */
    static final Duration FLUSH_AFTER = Duration.ofMillis(100);
    /** The most output the results of one call carry, in UTF-8 bytes (the controller takes 1 MiB of JSON). */
    static final int MAX_BATCH_OUTPUT_BYTES = ActionReporter.MAX_RESULT_OUTPUT_BYTES;
    /** One timer for every chain; the calls it starts go on threads of their own (they may wait out an outage). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-ahead-timer");
        t.setDaemon(true);
        return t;
    });
    private static final ExecutorService FLUSHES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "run-ahead-flush");
        t.setDaemon(true);
        return t;
    });
    private static final CompletableFuture<Boolean> GIVEN = CompletableFuture.completedFuture(true);

    private final ApiClient api;
    private final Supplier<Backoff> backoffs;
    private final int ahead;
    private final List<ResultBatch.Reported> pending = new ArrayList<>();
    private int pendingBytes;
    private ScheduledFuture<?> timer;
    /** The action started ahead and not yet named to the controller, else null. */
    private WorkItem running;
    private CompletableFuture<Boolean> runningGiven = GIVEN;
    private Consumer<String> runningStop;
    private boolean failed;
    /** Whether a background call is queued and has not started: another would send nothing new. */
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    /** @param ahead how many actions ahead the next work item may carry (asked with the last results) */
    RunAhead(ApiClient api, Supplier<Backoff> backoffs, int ahead) {
        this.api = api;
        this.backoffs = backoffs;
        this.ahead = ahead;
    }

    /** The future of an action the worker holds already: it may report at once. */
    static CompletableFuture<Boolean> held() {
        return GIVEN;
    }

    /**
     * {@code item} (the next of the chain, its predecessor's result deferred) is about to start: its reports
     * must wait for the returned future, true once the controller has given it to this worker; already false
     * if the controller refused the chain meanwhile (then it must not start).
     *
     * @param stop runs (on a thread of its own) if the controller refuses it, with the reason
     */
    synchronized CompletableFuture<Boolean> start(WorkItem item, Consumer<String> stop) {
        if (failed) {
            return CompletableFuture.completedFuture(false); // the chain was refused: it must not start
        }
        running = item;
        runningGiven = new CompletableFuture<>();
        runningStop = stop;
        if (pending.isEmpty()) {
            claimSoon(); // the result before it went already: only a call naming it gets it given
        }
        return runningGiven;
    }

    /**
     * Keeps the result of {@code item}, which ended without reporting anything yet, for the next call; false
     * when it must be reported on its own instead (it was refused, or its output would make the call too
     * large: then {@code item} has been named to the controller, and its reporter may send).
     */
    synchronized boolean defer(WorkItem item, ActionResult result) throws InterruptedException {
        if (failed) {
            return false;
        }
        boolean isRunning = running != null && running.actionId() == item.actionId();
        int bytes = OutputChunker.utf8Length(result.output());
        if (pendingBytes + bytes > MAX_BATCH_OUTPUT_BYTES && !pending.isEmpty()) {
            send(false); // names it, if it was not yet
            return false;
        }
        if (isRunning) {
            running = null; // not named: its result, in the batch, gets it given (reports on it wait no more)
        }
        pending.add(new ResultBatch.Reported(item.actionId(), item.attempt(), result));
        pendingBytes += bytes;
        if (timer == null) {
            timer = TIMER.schedule(this::claimSoon, FLUSH_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /**
     * Sends what is kept and names the running action to the controller (it must report), on another thread;
     * one such call at a time waits for its turn (the others would find nothing new to send).
     */
    void claimSoon() {
        if (flushQueued.compareAndSet(false, true)) {
            FLUSHES.execute(this::flushInBackground);
        }
    }

    /**
     * Sends what is kept, asking for the worker's next action when {@code next}: the end of the chain.
     *
     * @return the next action (held by this worker now), or null
     */
    synchronized WorkItem finish(boolean next) throws InterruptedException {
        return send(next);
    }

    private void flushInBackground() {
        try {
            synchronized (this) {
                flushQueued.set(false);
                send(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "reporting the results run ahead failed", e);
        }
    }

    /** Sends the kept results and names the running action, if there is anything to send; with the lock held. */
    private WorkItem send(boolean next) throws InterruptedException {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        WorkItem naming = running;
        if (pending.isEmpty() && naming == null) {
            return null;
        }
        ResultBatch batch = new ResultBatch(List.copyOf(pending),
                naming == null ? null : new ResultBatch.Started(naming.actionId(), naming.attempt()));
        String path = "/work/results?ahead=" + ahead + (next && naming == null ? "&next=true" : "");
        ResultBatchReply reply = deliverOrNull(batch, path);
        pending.clear();
        pendingBytes = 0;
        running = null;
        if (reply == null) {
            failed = true;
            refuse(naming, "the controller did not take the results before it");
            return null;
        }
        if (reply.accepted() < batch.results().size()) {
            int dropped = batch.results().size() - reply.accepted();
            LOG.warning(() -> dropped + " results run ahead were not taken: " + reply.reason());
        }
        if (reply.refused() != null) {
            failed = true;
            refuse(naming, reply.reason());
            return null;
        }
        if (naming != null) {
            runningGiven.complete(true);
        }
        return reply.next();
    }

    private void refuse(WorkItem naming, String reason) {
        if (naming == null) {
            return;
        }
        CompletableFuture<Boolean> given = runningGiven;
        Consumer<String> stop = runningStop;
        given.complete(false);
        Thread stopper = new Thread(() -> stop.accept("the controller did not give this action to this worker: "
                + reason), "run-ahead-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private ResultBatchReply deliverOrNull(ResultBatch batch, String path) throws InterruptedException {
        try {
            return deliver(batch, path);
        } catch (RuntimeException e) { // a bug on this side (e.g. a body that cannot be written): repeating will not help
            LOG.log(Level.SEVERE, "cannot send " + batch.results().size() + " results run ahead", e);
            return null;
        }
    }

    /** The reply, or null when the controller refused the batch (409, or another refusal that repeating cannot help). */
    private ResultBatchReply deliver(ResultBatch batch, String path) throws InterruptedException {
        Backoff backoff = backoffs.get();
        while (true) {
            try {
                return api.post(path, batch, ResultBatchReply.class);
            } catch (ProblemException e) {
                if (!e.isRetryable()) {
                    LOG.warning(() -> "the controller refused " + batch.results().size() + " results run ahead: "
                            + e.getMessage());
                    return null;
                }
                wait(backoff, e);
            } catch (ApiException | ConfigException e) {
                wait(backoff, e);
            }
        }
    }

    private static void wait(Backoff backoff, RuntimeException e) throws InterruptedException {
        Duration wait = backoff.next();
        LOG.warning(() -> "cannot deliver results run ahead (" + e.getMessage() + "); retrying in " + wait.toMillis()
                + " ms");
        Thread.sleep(wait.toMillis());
    }
}
