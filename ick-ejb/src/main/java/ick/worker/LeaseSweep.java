package ick.worker;

import ick.build.BuildStops;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's clock on running work: every {@link LeaseSettings#sweep()} it takes actions from workers
 * whose lease expired ({@link Leases}) and times out actions and builds past their time limit
 * ({@link BuildStops}). Each item is its own transaction, so one failure does not hold up the rest.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseSweep {
    private static final Logger LOG = Logger.getLogger(LeaseSweep.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    Leases leases;

    @EJB
    BuildStops stops;

    private ScheduledFuture<?> task;

    @PostConstruct
    void schedule() {
        LeaseSettings.expiring(Instant.now()); // starts the start-up grace now
        long every = LeaseSettings.sweep().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void cancel() {
        task.cancel(false);
    }

    void sweep() {
        try {
            BuildStops.Overdue overdue = stops.overdue();
            overdue.actions().forEach(id -> each("time out action", id, () -> stops.timeOutAction(id)));
            overdue.builds().forEach(id -> each("time out build", id, () -> stops.timeOutBuild(id)));
            if (LeaseSettings.expiring(Instant.now())) {
                leases.expired().forEach(id -> each("expire the lease of action", id, () -> leases.expire(id)));
                Instant since = Instant.now().minus(LeaseSettings.workspaceHolder());
                leases.waitingForHolderUnseenSince(since).forEach(id -> each("fail for its lost workspace the action",
                        id, () -> leases.holderUnseen(id, since)));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "lease sweep failed; will try again", e);
        }
    }

    private static void each(String what, long id, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not " + what + " " + id, e);
        }
    }
}
