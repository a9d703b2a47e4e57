package ick.build;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When a build's graph is finished, gets its job to run step finish, after the transaction that finished the
 * graph committed and on another thread. The job may not have stopped yet (a fast action can finish before
 * step expand has been recorded as ended): then it tries again, backing off; {@link BuildRecovery} catches
 * whatever this gives up on.
 */
@ApplicationScoped
public class BuildFinisher {
    private static final Logger LOG = Logger.getLogger(BuildFinisher.class.getName());
    private static final int ATTEMPTS = 30;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    BuildJobs jobs;

    void onGraphFinished(@Observes(during = TransactionPhase.AFTER_SUCCESS) GraphFinished event) {
        scheduler.execute(() -> attempt(event.buildId(), 0));
    }

    void attempt(long buildId, int attempt) {
        try {
            if (jobs.finish(buildId)) {
                return;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not get build " + buildId + " finished (attempt " + attempt + ")", e);
        }
        if (attempt + 1 < ATTEMPTS) {
            long delay = Math.min(10L << Math.min(attempt, 8), 2000);
            scheduler.schedule(() -> attempt(buildId, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }
}
