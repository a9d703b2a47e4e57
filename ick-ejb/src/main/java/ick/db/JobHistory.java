package ick.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The records Jakarta Batch (JBeret) keeps of every job it ran, in schema {@code public}: a build's job, a
 * {@code notify} run, a {@code blob-retention} run. JBeret never deletes them, so they grew by a few rows with
 * every build for as long as the controller ran. Once a job has ended they serve nothing: ick reads an
 * execution only while its build is unfinished ({@code ick.build.BuildJobs}), or while it waits for a run it
 * has just started. Plain JDBC, so that the integration tests can run it against their database.
 */
public final class JobHistory {
    /**
     * A job instance goes when it has executions, all of them ended before the cutoff, and no unfinished build
     * names one of them: a build whose job stopped after {@code expand} waits, ended, for its restart.
     * Instances with no execution yet are left alone (JBeret may be about to add it).
     */
    private static final String PURGE = """
            DELETE FROM public.job_instance WHERE jobinstanceid IN (
              SELECT i.jobinstanceid FROM public.job_instance i
              WHERE EXISTS (SELECT 1 FROM public.job_execution e WHERE e.jobinstanceid = i.jobinstanceid)
                AND NOT EXISTS (SELECT 1 FROM public.job_execution e
                                WHERE e.jobinstanceid = i.jobinstanceid
                                  AND (e.endtime IS NULL OR e.endtime >= ?
                                       OR e.batchstatus NOT IN ('COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED')))
                AND NOT EXISTS (SELECT 1 FROM public.job_execution e
                                JOIN ick.build b ON b.job_execution_id = e.jobexecutionid
                                WHERE e.jobinstanceid = i.jobinstanceid AND b.state IN ('triggered', 'building'))
              LIMIT ?)""";

    private JobHistory() {
    }

    /**
     * Deletes the records of the jobs that ended before {@code cutoff} (their executions and steps go with them:
     * JBeret's foreign keys cascade), {@code batch} instances per statement, each statement its own transaction.
     *
     * @return the job instances deleted
     */
    public static int purge(Connection connection, Instant cutoff, int batch) throws SQLException {
        int total = 0;
        try (PreparedStatement delete = connection.prepareStatement(PURGE)) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            delete.setInt(2, batch);
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == batch);
        }
        return total;
    }
}
