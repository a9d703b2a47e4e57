package ick.build;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Batchlet of step {@code expand} in job {@code build}; its exit status chooses what the job does next. */
@Dependent
@Named("expandBuild")
public class ExpandBuild extends AbstractBatchlet {
    @Inject
    @BatchProperty
    String buildId;

    @EJB
    BuildRunner runner;

    @Override
    public String process() {
        return runner.expand(Long.parseLong(buildId));
    }
}
