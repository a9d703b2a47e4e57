package ick.build;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Batchlet of step {@code finish} in job {@code build}. */
@Dependent
@Named("finishBuild")
public class FinishBuild extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String buildId;

    @EJB
    BuildRunner runner;

    @Override
    public String process() {
        runner.finish(Long.parseLong(buildId));
        return BatchStatus.COMPLETED.name();
    }
}
