package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import ick.client.http.ConfigException;
import ick.client.http.ProblemException;
import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import ick.protocol.WorkerInfo;
import ick.protocol.WorkerRegistration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker's loop: register, then take one action at a time from the controller and run it to a
 * reported result. {@link #shutdown()} (from SIGTERM) ends the loop: a long poll in progress is abandoned,
 * a running action is stopped, and what it produced is still reported before {@link #run()} returns.
 */
public final class Worker {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    /** How long the controller may hold a poll for work; the HTTP timeout is longer. */
    static final int POLL_WAIT_SECONDS = 30;
    /** How often a running action's lease is renewed (and a cancel learnt). */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
    /** How many actions ahead a work item may bring ({@link WorkItem#ahead()}). */
    static final int AHEAD = 16;
    /** How often, besides at start, the worker removes the temp directories that killed workers left. */
    static final Duration STALE_TEMP_DIRS_EVERY = Duration.ofHours(1);

    private final ApiClient api;
    private final Path workspaceRoot;
    private final List<String> labels;
    private final Supplier<Backoff> backoffs;
    private final Duration stopGrace;
    private final Secrets secrets;
    private final WorkerLimits limits;
    private final Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
    private long nextStaleTempDirsNanos;
    private final Object lock = new Object();
    private final ControllerFeatures features = new ControllerFeatures();
    private Thread loopThread;
    private boolean polling;
    private boolean stopping;
    private Action current;
    /** The id of the action {@link #current} runs. */
    private long currentId;

    /**
     * @param backoffs  the retry policy towards the controller ({@link Backoff#standard()})
     * @param stopGrace how long a stopped action's processes get between SIGTERM and SIGKILL
     */
    public Worker(ApiClient api, Path workspaceRoot, List<String> labels, Supplier<Backoff> backoffs,
                  Duration stopGrace) {
        this(api, workspaceRoot, labels, backoffs, stopGrace, null);
    }

    /**
     * A worker that is trusted when {@code secrets} is given: it then runs trusted built-ins only, with those
     * secrets (its client must hold the scope {@code trusted} for the controller to give it any work).
     */
    public Worker(ApiClient api, Path workspaceRoot, List<String> labels, Supplier<Backoff> backoffs,
                  Duration stopGrace, Secrets secrets) {
        this(api, workspaceRoot, labels, backoffs, stopGrace, secrets, WorkerLimits.DEFAULTS);
    }

    /** A worker whose caches take at most what {@code limits} say. */
    public Worker(ApiClient api, Path workspaceRoot, List<String> labels, Supplier<Backoff> backoffs,
                  Duration stopGrace, Secrets secrets, WorkerLimits limits) {
        this.secrets = secrets;
        this.limits = limits;
        this.api = api;
        this.workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
        this.labels = List.copyOf(labels);
        this.backoffs = backoffs;
        this.stopGrace = stopGrace;
    }

    /**
     * Registers and serves actions until {@link #shutdown()}.
     *
     * @return false if the controller refused the registration (e.g. the client lacks the worker scopes)
     */
    public boolean run() throws InterruptedException, IOException {
        synchronized (lock) {
            loopThread = Thread.currentThread();
        }
        Files.createDirectories(workspaceRoot);
        removeStaleTempDirs();
        if (!register()) {
            return false;
        }
        Backoff backoff = backoffs.get();
        WorkItem handedOver = null; // the next action, given with the last one's result
        while (true) {
            if (System.nanoTime() - nextStaleTempDirsNanos >= 0) {
                removeStaleTempDirs();
            }
            WorkItem item;
            if (handedOver != null) {
                item = handedOver;
                handedOver = null;
                handedOver = runAction(item);
                continue;
            }
            synchronized (lock) {
                if (stopping) {
                    break;
                }
                polling = true;
            }
            try {
                item = api.get("/work?wait=" + POLL_WAIT_SECONDS + "&ahead=" + AHEAD, WorkItem.class,
                        Duration.ofSeconds(POLL_WAIT_SECONDS + 30));
                backoff.reset();
            } catch (InterruptedException e) {
                continue; // shutdown() abandons the poll; the loop sees stopping
            } catch (ApiException | ConfigException e) {
                waitAfter(backoff, "asking for work", e);
                continue;
            } finally {
                synchronized (lock) {
                    polling = false;
                    Thread.interrupted(); // an interrupt meant for the poll must not hit the action
                }
            }
            if (item != null) {
                handedOver = runAction(item);
            }
        }
        LOG.info("stopped");
        return true;
    }

    /** Ends {@link #run()}: no new work is taken, a running action is stopped and reported. Returns at once. */
    public void shutdown() {
        Action running;
        synchronized (lock) {
            stopping = true;
            running = current;
            if (polling && loopThread != null) {
                loopThread.interrupt();
            }
        }
        LOG.info(() -> running == null ? "shutting down" : "shutting down: stopping the running action");
        if (running != null) {
            Thread stopper = new Thread(running::stop, "stop-action");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    private boolean register() throws InterruptedException {
        Backoff backoff = backoffs.get();
        while (true) {
            synchronized (lock) {
                if (stopping) {
                    return true;
                }
            }
            try {
                WorkerInfo me = api.post("/workers", new WorkerRegistration(labels), WorkerInfo.class);
                LOG.info(() -> "registered with " + api.config().apiUrl() + " as "
                        + (me == null ? api.config().clientId() : me.name()) + ", labels " + labels);
                return true;
            } catch (ProblemException e) {
                if (!e.isRetryable()) {
                    LOG.severe(() -> "the controller refused to register this worker: " + e.getMessage());
                    return false;
                }
                waitAfter(backoff, "registering", e);
            } catch (ApiException | ConfigException e) {
                waitAfter(backoff, "registering", e);
            }
        }
    }

    /**
     * Runs the action and reports it; returns the next action if the controller handed one over with the
     * result (it is then this worker's to run), else null. When the action comes with actions ahead of it
     * ({@link WorkItem#ahead()}), each is started as soon as the one before it succeeded, and their results
     * are reported together ({@link RunAhead}).
     */
    private WorkItem runAction(WorkItem first) throws InterruptedException {
        List<WorkItem> ahead = first.following();
        RunAhead chain = ahead.isEmpty() ? null : new RunAhead(api, backoffs, AHEAD);
        WorkItem item = first;
        for (int i = 0; ; i++) {
            Ran ran = runOne(item, chain, i > 0, i < ahead.size());
            if (!ran.goOn()) {
                return ran.next();
            }
            item = ahead.get(i);
        }
    }

    /** @param goOn run the next action ahead; else {@code next} is the next action handed over, or null */
    private record Ran(boolean goOn, WorkItem next) {
    }

    /**
     * Runs one action.
     *
     * @param chain     the chain it is part of, or null
     * @param runAhead  whether it is run ahead: the controller has not given it to this worker yet
     * @param moreAhead whether another action of the chain follows it
     */
    private Ran runOne(WorkItem item, RunAhead chain, boolean runAhead, boolean moreAhead) throws InterruptedException {
        LOG.info(() -> (runAhead ? "running ahead action " : "got action ") + item.actionId() + " (#" + item.index()
                + " of build " + item.build() + "): " + item.step());
        if (runAhead && !takesMoreWork()) {
            // shutting down: the actions not started stay the controller's to give (to this worker, once back)
            return new Ran(false, chain.finish(false));
        }
        Runnable stopThis = () -> stopCurrent(item.actionId());
        ActionReporter reporter = ActionReporter.start(api, item.actionId(), item.attempt(), backoffs, stopThis,
                features, this::takesMoreWork);
        OutputChunker chunker = new OutputChunker(reporter::send);
        LockedDir tempDir = null;
        ActionResult result;
        AtomicReference<String> stoppedBecause = new AtomicReference<>();
        Consumer<String> stop = reason -> {
            if (stoppedBecause.compareAndSet(null, reason)) {
                LOG.warning(() -> "action " + item.actionId() + ": " + reason + "; stopping its processes");
                chunker.line("ick: " + reason + "; stopping the action's processes (SIGTERM, then SIGKILL)");
                stopThis.run();
            }
        };
        CompletableFuture<Boolean> given = runAhead ? chain.start(item, stop) : RunAhead.held();
        if (given.getNow(true) == Boolean.FALSE) {
            LOG.info(() -> "action " + item.actionId() + " not run: the controller refused the chain before it");
            chunker.closeWithLast();
            return new Ran(false, null);
        }
        Runnable claim = chain == null ? () -> { } : chain::claimSoon;
        reporter.runAhead(given, claim, AHEAD);
        Heartbeat heartbeat = new Heartbeat(api, item.actionId(), item.attempt(), HEARTBEAT_EVERY, stop, given, claim);
        try {
            tempDir = ActionTempDir.create(tempRoot, item.actionId());
            result = runGuarded(Actions.forStep(new ActionContext(item, workspace(item.project()), tempDir.dir(), stopGrace,
                    api.config(), secrets, limits)),
                    item, chunker);
        } catch (IOException | IllegalArgumentException e) {
            result = runGuarded(new UnsupportedAction("cannot run this action here: " + e.getMessage()), item, chunker);
        } finally {
            heartbeat.close();
            if (tempDir != null) {
                tempDir.close();
            }
        }
        String message = stoppedBecause.get() != null ? "stopped: " + stoppedBecause.get() : result.message();
        // the output not sent yet goes with the result: a short action costs the controller one call
        Utf8Chunk last = chunker.closeWithLast();
        ActionResult reported = result.withMessage(message).withOutput(last == null ? null : List.of(last.toOutputChunk()));
        if (chain != null && !reporter.started() && chain.defer(item, reported)) {
            logEnd(item, reported, true);
            if (reported.exitCode() == 0 && stoppedBecause.get() == null && moreAhead && takesMoreWork()) {
                return new Ran(true, null);
            }
            return new Ran(false, chain.finish(takesMoreWork()));
        }
        if (chain != null) {
            chain.finish(false); // what it kept goes first, and names this action if it ran ahead
        }
        logEnd(item, reported, reporter.finish(reported));
        return new Ran(false, reporter.next());
    }

    private static void logEnd(WorkItem item, ActionResult reported, boolean delivered) {
        if (delivered) {
            LOG.info(() -> "action " + item.actionId() + " finished with exit code " + reported.exitCode()
                    + (reported.message() == null ? "" : " (" + reported.message() + ")"));
        } else {
            LOG.warning(() -> "action " + item.actionId() + " ended with exit code " + reported.exitCode()
                    + "; not reported: the controller no longer gives it to this worker");
        }
    }

    /** Whether the worker takes another action (it is not shutting down). */
    private boolean takesMoreWork() {
        synchronized (lock) {
            return !stopping;
        }
    }

    /** Runs an action as the current one; a worker bug becomes a failed action, not a dead worker. */
    private ActionResult runGuarded(Action action, WorkItem item, OutputChunker out) throws InterruptedException {
        boolean stopNow;
        synchronized (lock) {
            current = action;
            currentId = item.actionId();
            stopNow = stopping;
        }
        ActionResult result;
        try {
            if (stopNow) {
                action.stop();
            }
            result = action.run(out);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "action " + item.actionId() + " failed in the worker", e);
            out.line("ick: the worker failed running this action: " + e);
            result = new ActionResult(1, "the worker failed running this action: " + e);
        } finally {
            synchronized (lock) {
                current = null;
            }
        }
        synchronized (lock) {
            return stopping ? result.withMessage("stopped: the worker is shutting down") : result;
        }
    }

    /**
     * The controller disowned action {@code actionId} (409, a refusal, a cancel): it need not run on. Nothing
     * is stopped if another action runs by now (a late word on one that has ended).
     */
    private void stopCurrent(long actionId) {
        Action running;
        synchronized (lock) {
            running = currentId == actionId ? current : null;
        }
        if (running != null) {
            running.stop();
        }
    }

    /** {@code {workspace-root}/{project}}, refusing a name that would leave the root. */
    private Path workspace(String project) {
        Path dir = workspaceRoot.resolve(project).normalize();
        if (project.isBlank() || !dir.getParent().equals(workspaceRoot)) {
            throw new IllegalArgumentException("project name \"" + project + "\" is not a plain directory name");
        }
        return dir;
    }

    private void waitAfter(Backoff backoff, String doing, RuntimeException e) throws InterruptedException {
        Duration wait = backoff.next();
        LOG.warning(() -> doing + " failed (" + e.getMessage() + "); retrying in " + wait.toMillis() + " ms");
        synchronized (lock) {
            if (stopping) {
                return;
            }
            polling = true; // a shutdown may cut this wait short, as it would a poll
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            // shutdown(): the loop sees stopping
        } finally {
            synchronized (lock) {
                polling = false;
                Thread.interrupted();
            }
        }
    }

    /** Removes the action temp directories of workers killed on this host (SIGKILL, a crash), and says so. */
    private void removeStaleTempDirs() {
        nextStaleTempDirsNanos = System.nanoTime() + STALE_TEMP_DIRS_EVERY.toNanos();
        try {
            int removed = ActionTempDir.removeStale(tempRoot);
            if (removed > 0) {
                LOG.info(() -> "removed " + removed + " temp directories of actions of a killed worker from " + tempRoot);
            }
        } catch (IOException e) {
            LOG.warning(() -> "cannot look for stale action temp directories in " + tempRoot + ": " + e);
        }
    }
}
