package ick.blob;

import ick.project.ProjectService;
import ick.protocol.BlobInfo;
import ick.protocol.BlobRetentionReport;
import ick.protocol.PipelineSpec;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The {@code blob-retention} job's one step: deletes every blob that no project references
 * ({@link BlobReferences}) and that was last written longer ago than the age limit, and every unfinished
 * upload older than that. The report is logged, kept by {@link BlobRetentionReports}, and summed up in the
 * job's exit status.
 */
@Named("blobRetention")
@Dependent
public class BlobRetention extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(BlobRetention.class.getName());

    @Inject
    @BatchProperty
    String maxAgeSeconds;

    @Inject
    JobContext job;

    @Inject
    BlobService blobs;

    @Inject
    BlobRetentionReports reports;

    @EJB
    ProjectService projects;

    @Override
    public String process() throws Exception {
        Duration maxAge = maxAgeSeconds == null || maxAgeSeconds.isBlank()
                ? BlobSettings.fromConfig().retentionAge() : Duration.ofSeconds(Long.parseLong(maxAgeSeconds));
        Instant cutoff = Instant.now().minus(maxAge);
        Map<String, PipelineSpec> pipelines = new HashMap<>();
        projects.pipelines().forEach(p -> pipelines.put(p.pipeline(), p));
        Set<String> referenced = BlobReferences.of(projects.projects(), pipelines::get);

        BlobStore store = blobs.store();
        List<String> deleted = new ArrayList<>();
        List<String> partials = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        for (BlobInfo blob : store.list()) {
            if (referenced.contains(blob.name()) || blob.modified().isAfter(cutoff)) {
                kept++;
                continue;
            }
            long bytes = store.exclusiveBytes(blob.name());
            if (store.delete(blob.name())) {
                deleted.add(blob.name());
                freed += bytes;
            }
        }
        for (BlobStore.Partial partial : store.partials()) {
            if (partial.modified().isBefore(cutoff)) {
                try {
                    if (store.deletePartial(partial.name())) {
                        partials.add(partial.name());
                        freed += partial.size();
                    }
                } catch (UploadBusyException busy) {
                    // being resumed right now: not abandoned after all
                }
            }
        }
        BlobRetentionReport report = new BlobRetentionReport(job.getExecutionId(), "COMPLETED", deleted, partials,
                freed, kept);
        reports.put(report);
        String summary = "freed " + freed + " bytes: " + deleted.size() + " blob(s), " + partials.size()
                + " unfinished upload(s); kept " + kept;
        LOG.info(() -> "blob-retention (older than " + maxAge + "): " + summary
                + (deleted.isEmpty() ? "" : "; deleted " + deleted) + (partials.isEmpty() ? "" : "; partials " + partials));
        return summary;
    }
}
