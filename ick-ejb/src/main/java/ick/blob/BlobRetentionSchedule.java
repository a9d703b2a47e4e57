package ick.blob;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs {@code blob-retention} every {@code ick.blob.retention.interval-hours} (first one interval after start). */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class BlobRetentionSchedule {
    private static final Logger LOG = Logger.getLogger(BlobRetentionSchedule.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    BlobRetentionJobs jobs;

    private ScheduledFuture<?> task;

    @PostConstruct
    void schedule() {
        Duration every = BlobSettings.fromConfig().retentionEvery();
        if (every.isZero() || every.isNegative()) {
            LOG.info("blob-retention is not scheduled (ick.blob.retention.interval-hours = 0)");
            return;
        }
        task = scheduler.scheduleAtFixedRate(this::run, every.toMinutes(), every.toMinutes(), TimeUnit.MINUTES);
    }

    /** The executor outlives the application: its task must not. */
    @PreDestroy
    void cancel() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void run() {
        try {
            jobs.start(null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not start blob-retention", e);
        }
    }
}
