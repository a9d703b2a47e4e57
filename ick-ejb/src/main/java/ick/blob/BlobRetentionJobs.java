package ick.blob;

import ick.protocol.BlobRetentionReport;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** Starting the {@code blob-retention} job: by the schedule, or by hand (an admin, {@code icktool blob gc}). */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobRetentionJobs {
    public static final String JOB = "blob-retention";

    @Inject
    BlobRetentionReports reports;

    /**
     * Starts a run.
     *
     * @param maxAge the age limit of this run, or null for the configured one
     */
    public long start(Duration maxAge) {
        Properties parameters = new Properties();
        if (maxAge != null) {
            parameters.setProperty("maxAgeSeconds", Long.toString(maxAge.toSeconds()));
        }
        return BatchRuntime.getJobOperator().start(JOB, parameters);
    }

    /** Starts a run and waits up to {@code wait} for its report. */
    public BlobRetentionReport run(Duration maxAge, Duration wait) throws InterruptedException {
        long execution = start(maxAge);
        JobOperator operator = BatchRuntime.getJobOperator();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JobExecution state = operator.getJobExecution(execution);
            BatchStatus status = state.getBatchStatus();
            if (status == BatchStatus.COMPLETED) {
                return reports.get(execution).orElseGet(() -> report(execution, status));
            }
            if (status == BatchStatus.FAILED || status == BatchStatus.ABANDONED || status == BatchStatus.STOPPED) {
                return report(execution, status);
            }
            Thread.sleep(100);
        }
        return report(execution, BatchStatus.STARTED);
    }

    private static BlobRetentionReport report(long execution, BatchStatus status) {
        return new BlobRetentionReport(execution, status.name(), List.of(), List.of(), 0, 0);
    }
}
