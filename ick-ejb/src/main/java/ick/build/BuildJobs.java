package ick.build;

import ick.protocol.BuildInfo;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starting and restarting the batch job of a build. Never inside a transaction: the job repository has its
 * own, and the job must see what ick committed before it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BuildJobs {
    public static final String JOB = "build";
    private static final Logger LOG = Logger.getLogger(BuildJobs.class.getName());

    @EJB
    BuildService builds;

    @EJB
    BuildRunner runner;

    /** The trigger use case: a new build of {@code project}, committed, its graph made, then its job started. */
    public BuildInfo trigger(String project) {
        return trigger(project, java.util.Map.of());
    }

    /**
     * The trigger use case with values for some of the project's parameters ({@code given}, checked by
     * {@link BuildService#create(String, java.util.Map)}).
     */
    public BuildInfo trigger(String project, java.util.Map<String, Object> given) {
        BuildService.Triggered triggered = builds.create(project, given);
        try {
            runner.expandAtTrigger(triggered.buildId()); // the first actions are ready at once
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not make the graph of build " + triggered.info().id() + "; its job will", e);
        }
        try {
            start(triggered.buildId());
        } catch (RuntimeException e) {
            // The build stays triggered; BuildRecovery starts its job later.
            LOG.log(Level.WARNING, "could not start the job of build " + triggered.info().id(), e);
        }
        return triggered.info();
    }

    /** Starts a new job execution for the build (step expand first). */
    public void start(long buildId) {
        long execution = operator().start(JOB, parameters(buildId));
        builds.recordJobExecution(buildId, execution);
    }

    /**
     * Gets the build's job to run step finish: restarts its stopped execution, or starts a new one (which goes
     * straight to finish) when there is none to restart.
     *
     * @return false when the execution is still running (expand has not stopped yet): try again a little later
     */
    public boolean finish(long buildId) {
        BuildService.JobRef job = builds.jobOf(buildId);
        if (job.buildFinished()) {
            return true;
        }
        if (job.executionId() == null) {
            return false;
        }
        JobOperator operator = operator();
        BatchStatus status = operator.getJobExecution(job.executionId()).getBatchStatus();
        switch (status) {
            case STARTING, STARTED, STOPPING:
                return false;
            case STOPPED, FAILED:
                try {
                    long execution = operator.restart(job.executionId(), parameters(buildId));
                    builds.recordJobExecution(buildId, execution);
                    return true;
                } catch (RuntimeException e) {
                    // e.g. another controller restarted it first; a fresh start is always safe.
                    LOG.log(Level.FINE, "restart of job execution " + job.executionId() + " refused; starting anew", e);
                    start(buildId);
                    return true;
                }
            default:
                start(buildId);
                return true;
        }
    }

    private static Properties parameters(long buildId) {
        Properties parameters = new Properties();
        parameters.setProperty("buildId", Long.toString(buildId));
        return parameters;
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
