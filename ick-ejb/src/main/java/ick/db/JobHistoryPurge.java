package ick.db;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Deletes, a minute after the start and then every hour, the batch job records ({@link JobHistory}) of jobs that
 * ended more than {@code ick.batch.history-days} (default 7, fractions allowed; 0: never) ago. Every controller on a database may run it: the
 * deletes of two at once only find less to do.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobHistoryPurge {
    public static final String HISTORY_DAYS = "ick.batch.history-days";
    private static final Logger LOG = Logger.getLogger(JobHistoryPurge.class.getName());
    private static final Duration EVERY = Duration.ofHours(1);
    private static final int BATCH = 1000;

    @Resource(lookup = "java:jboss/datasources/IckDS")
    DataSource dataSource;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    @PostConstruct
    void schedule() {
        double days = ConfigProvider.getConfig().getOptionalValue(HISTORY_DAYS, Double.class).orElse(7.0);
        if (days <= 0) {
            LOG.info("batch job records are kept for ever (" + HISTORY_DAYS + " = " + days + ")");
            return;
        }
        Duration keep = Duration.ofSeconds(Math.round(days * Duration.ofDays(1).toSeconds()));
        task = scheduler.scheduleWithFixedDelay(() -> purge(keep), 1, EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    /** The executor outlives the application: its task must not. */
    @PreDestroy
    void cancel() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void purge(Duration keep) {
        try (Connection connection = dataSource.getConnection()) {
            int deleted = JobHistory.purge(connection, Instant.now().minus(keep), BATCH);
            if (deleted > 0) {
                LOG.info(() -> "deleted the records of " + deleted + " batch jobs that ended over " + keep
                        + " ago");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete old batch job records; the next hour's run will try again", e);
        }
    }
}
