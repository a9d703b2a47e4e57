package ick.worker;

import ick.build.ActionsReady;
import ick.protocol.WorkItem;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Workers waiting for an action (long polls), without a thread each. A waiter is served first come, first
 * served, when actions become ready (an event after the commit), every two seconds (for actions made ready
 * by another controller on the same database), or answered "nothing" at its deadline. Exactly one of those
 * takes a waiter: {@link Waiter#take()}. Trusted and other workers never get the same actions, so a pass
 * serves each kind until one of its waiters finds nothing. A waiter whose worker went away while it waited
 * (its connection closed) is dropped, never handed an action: the sweep looks for them, and so does every
 * pass and hand-over.
 */
@ApplicationScoped
public class WorkWaiters {
    private static final Logger LOG = Logger.getLogger(WorkWaiters.class.getName());
    private static final long SWEEP_MILLIS = 2000;

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean serving = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Dispatcher dispatcher;

    private ScheduledFuture<?> sweep;

    @PostConstruct
    void startSweeping() {
        sweep = scheduler.scheduleWithFixedDelay(() -> {
            dropGone();
            serve();
        }, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Forgets the waiters whose requests are gone (their workers stopped while they waited). */
    private void dropGone() {
        for (Waiter waiter : waiters) {
            if (waiter.take()) {
                if (gone(waiter.delivery)) {
                    waiters.remove(waiter);
                    waiter.delivery.nothing(); // ends the suspended request now rather than at its time-out
                    LOG.fine(() -> "worker " + waiter.worker + " stopped waiting for work (its connection closed)");
                } else {
                    waiter.putBack();
                }
            }
        }
    }

    @PreDestroy
    void stopSweeping() {
        sweep.cancel(false);
        waiters.forEach(w -> {
            if (w.take()) {
                w.delivery.nothing();
            }
        });
    }

    /**
     * Gives {@code worker} an action now if one is ready, else waits up to {@code wait} for one. Returns at
     * once; the answer goes to {@code delivery}.
     *
     * @param trusted whether the worker's token makes it a trusted worker (it then gets trusted actions only)
     * @param ahead   up to how many actions ahead of it the work item lists ({@link WorkItem#ahead()})
     */
    public void await(String worker, boolean trusted, int ahead, Duration wait, WorkDelivery delivery) {
        Optional<WorkItem> now = dispatcher.next(worker, trusted, ahead);
        if (now.isPresent()) {
            handOver(worker, now.get(), delivery);
            return;
        }
        if (wait.isZero() || wait.isNegative()) {
            delivery.nothing();
            return;
        }
        Waiter waiter = new Waiter(worker, trusted, ahead, Instant.now().plus(wait), delivery);
        waiters.add(waiter);
        scheduler.schedule(() -> expire(waiter), wait.toMillis(), TimeUnit.MILLISECONDS);
        // An action may have become ready between the claim above and the registration.
        executor.execute(this::serve);
    }

    void onReady(@Observes(during = TransactionPhase.AFTER_SUCCESS) ActionsReady event) {
        if (!waiters.isEmpty()) {
            executor.execute(this::serve);
        }
    }

    /**
     * Tries claims for the waiters in order until no action is left. One pass runs at a time; a request that
     * comes during a pass makes it run once more, so that no wake-up is lost.
     */
    void serve() {
        pending.set(true);
        if (!serving.compareAndSet(false, true)) {
            return;
        }
        try {
            while (pending.getAndSet(false)) {
                pass();
            }
        } finally {
            serving.set(false);
        }
        if (pending.get()) {
            serve();
        }
    }

    private void pass() {
        Set<Boolean> exhausted = new HashSet<>(); // the kinds of worker (trusted or not) that found nothing
        for (Waiter waiter : waiters) {
            if (exhausted.contains(waiter.trusted) || !waiter.take()) {
                continue;
            }
            if (gone(waiter.delivery)) {
                waiters.remove(waiter); // never claim for a worker that is no longer there
                waiter.delivery.nothing();
                continue;
            }
            Optional<WorkItem> item;
            try {
                item = dispatcher.next(waiter.worker, waiter.trusted, waiter.ahead);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "claim for worker " + waiter.worker + " failed", e);
                item = Optional.empty();
            }
            if (item.isPresent()) {
                waiters.remove(waiter);
                handOver(waiter.worker, item.get(), waiter.delivery);
                continue;
            }
            if (Instant.now().isAfter(waiter.deadline)) {
                waiters.remove(waiter);
                waiter.delivery.nothing();
            } else {
                waiter.putBack();
            }
            exhausted.add(waiter.trusted);
            if (exhausted.size() == 2) {
                return;
            }
        }
    }

    private void expire(Waiter waiter) {
        if (waiter.take()) {
            waiters.remove(waiter);
            waiter.delivery.nothing();
        }
    }

    /** Answers with {@code item}, which {@code worker} now holds; puts it back if the answer cannot be given. */
    public void handOver(String worker, WorkItem item, WorkDelivery delivery) {
        boolean delivered;
        try {
            delivered = !gone(delivery) && delivery.deliver(item);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not hand action " + item.actionId() + " to " + worker, e);
            delivered = false;
        }
        if (!delivered) {
            dispatcher.release(item.actionId(), worker);
        }
    }

    private static boolean gone(WorkDelivery delivery) {
        try {
            return delivery.gone();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot tell whether a waiting worker is still there", e);
            return false;
        }
    }

    /** How many workers are waiting now. */
    public int waiting() {
        return waiters.size();
    }

    private static final class Waiter {
        final String worker;
        final boolean trusted;
        final int ahead;
        final Instant deadline;
        final WorkDelivery delivery;
        private final AtomicBoolean taken = new AtomicBoolean();

        Waiter(String worker, boolean trusted, int ahead, Instant deadline, WorkDelivery delivery) {
            this.worker = worker;
            this.trusted = trusted;
            this.ahead = ahead;
            this.deadline = deadline;
            this.delivery = delivery;
        }

        boolean take() {
            return taken.compareAndSet(false, true);
        }

        void putBack() {
            taken.set(false);
        }
    }
}
