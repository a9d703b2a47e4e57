package ick.notify;

import ick.build.BuildEnded;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts job {@code notify}: right after a build's end (or an admin's retry) is committed, and whenever the
 * periodic check finds a notification due (a retry, one a crashed controller left behind) and no job of this
 * controller is running.
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@DependsOn("DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NotifyScheduler {
    public static final String JOB = "notify";
    private static final Logger LOG = Logger.getLogger(NotifyScheduler.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    Outbox outbox;

    private ScheduledFuture<?> poll;
    private volatile Long lastExecution;

    @PostConstruct
    void schedule() {
        long seconds = Math.max(1, NotifySettings.fromConfig().pollInterval().toSeconds());
        poll = scheduler.scheduleWithFixedDelay(this::startIfDue, seconds, seconds, TimeUnit.SECONDS);
    }

    @PreDestroy
    void cancel() {
        poll.cancel(false);
    }

    /**
     * A build ended and its notifications are committed: send them now, on another thread. Most builds ask for
     * none: then no job is started (a job execution costs the batch repository several transactions).
     */
    public void onBuildEnded(@Observes(during = TransactionPhase.AFTER_SUCCESS) BuildEnded ended) {
        scheduler.execute(this::startIfAnyDue);
    }

    private void startIfAnyDue() {
        try {
            if (outbox.anyDue()) {
                start();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not check for due notifications; the periodic check will", e);
        }
    }

    /** An admin retried a failed notification: send it now rather than at the next periodic check. */
    public void onRetried(@Observes(during = TransactionPhase.AFTER_SUCCESS) NotificationRetried retried) {
        scheduler.execute(this::start);
    }

    void startIfDue() {
        try {
            if (!running() && outbox.anyDue()) {
                start();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not check for due notifications", e);
        }
    }

    private boolean running() {
        Long execution = lastExecution;
        if (execution == null) {
            return false;
        }
        BatchStatus status;
        try {
            status = operator().getJobExecution(execution).getBatchStatus();
        } catch (NoSuchJobExecutionException e) {
            return false; // its record was deleted (ick.db.JobHistoryPurge): it ended long ago
        }
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED;
    }

    private void start() {
        try {
            lastExecution = operator().start(JOB, new Properties());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not start job " + JOB + "; the periodic check will", e);
        }
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
