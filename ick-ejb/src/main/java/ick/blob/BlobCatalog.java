package ick.blob;

import ick.project.ProjectService;
import ick.protocol.BlobInfo;
import ick.protocol.PipelineSpec;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The blob store for the web UI, a deployment of its own that reaches EJBs but not CDI beans
 * ({@code java:global/ick/ick-ejb/BlobCatalog}): browse a page of blobs with the projects that keep each one,
 * delete one, read one. Blobs live outside the database: no transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobCatalog {
    @Inject
    BlobService blobs;

    @EJB
    ProjectService projects;

    /** The blobs whose name starts with {@code prefix} (null: all), sorted, {@code limit} of them from {@code offset}. */
    public BlobListing list(String prefix, BlobListing.Sort sort, boolean descending, int offset, int limit) {
        List<BlobInfo> all = blobs.list(prefix);
        return BlobListing.of(all, keptFor(), sort, descending, offset, limit);
    }

    /** The blob and the projects that keep it; {@link ick.problem.NoSuchItemException} if there is none. */
    public BlobListing.Entry entry(String name) {
        BlobInfo info = blobs.info(name);
        return new BlobListing.Entry(info, keptFor().getOrDefault(name, List.of()));
    }

    /** Deletes the blob (even if a project references it: the person asked for it, after a confirmation). */
    public void delete(String name) {
        blobs.delete(name);
    }

    /** The blob opened for reading; the caller closes it. Local calls pass the open channel by reference. */
    public BlobStore.Opened open(String name) {
        return blobs.open(name);
    }

    /** How old an unreferenced blob must be before retention deletes it (the controller's setting). */
    public Duration retentionAge() {
        return BlobSettings.fromConfig().retentionAge();
    }

    private Map<String, List<String>> keptFor() {
        Map<String, PipelineSpec> pipelines = new HashMap<>();
        projects.pipelines().forEach(p -> pipelines.put(p.pipeline(), p));
        return BlobReferences.byName(projects.projects(), pipelines::get);
    }
}
