package ick.build;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps builds moving when a job was lost (controller stopped mid-way, a restart refused): at start-up, every
 * triggered build gets a new job, and so does every build whose actions are all finished (a new job goes straight
 * to its finish step); then
 * the same check runs every 15 seconds for builds stuck longer than a grace period (so that several
 * controllers on one database also recover each other's builds). Every step is idempotent, so running one
 * twice is harmless.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class BuildRecovery {
    private static final Logger LOG = Logger.getLogger(BuildRecovery.class.getName());
    private static final Duration TRIGGERED_GRACE = Duration.ofSeconds(60);
    private static final Duration FINISHED_GRACE = Duration.ofSeconds(10);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    BuildService builds;

    @EJB
    BuildJobs jobs;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    @PostConstruct
    void schedule() {
        tasks.add(scheduler.schedule(() -> recover(Duration.ZERO, Duration.ZERO), 1, TimeUnit.SECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(() -> recover(TRIGGERED_GRACE, FINISHED_GRACE), 15, 15,
                TimeUnit.SECONDS));
    }

    /** The executor outlives the application: its tasks must not. */
    @PreDestroy
    void cancel() {
        tasks.forEach(t -> t.cancel(false));
    }

    void recover(Duration triggeredGrace, Duration finishedGrace) {
        try {
            for (long id : builds.stalledTriggered(triggeredGrace)) {
                LOG.info(() -> "starting the job of triggered build " + id + " again");
                jobs.start(id);
            }
            for (long id : builds.stalledFinished(finishedGrace)) {
                LOG.info(() -> "finishing build " + id + ", whose actions are all finished");
                jobs.start(id);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "build recovery failed; will try again", e);
        }
    }
}
