package ick.web.api;

import ick.blob.BlobRetentionJobs;
import ick.identity.Scopes;
import ick.problem.InvalidInputException;
import ick.protocol.BlobRetentionReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;

/**
 * Runs the {@code blob-retention} job by hand and answers with its report (or with its execution id and
 * {@code STARTED} if it takes longer than a minute).
 */
@Path("/blob-retention")
@RequestScoped
public class BlobRetentionResource {
    @EJB
    BlobRetentionJobs jobs;

    /** @param maxAgeSeconds this run's age limit, instead of {@code ick.blob.retention.max-age-days} */
    @POST
    @RolesAllowed(Scopes.BLOB_RETENTION_POST)
    @Produces(MediaType.APPLICATION_JSON)
    public BlobRetentionReport run(@QueryParam("max-age-seconds") Long maxAgeSeconds) throws InterruptedException {
        if (maxAgeSeconds != null && maxAgeSeconds < 0) {
            throw new InvalidInputException("max-age-seconds must be 0 or more");
        }
        return jobs.run(maxAgeSeconds == null ? null : Duration.ofSeconds(maxAgeSeconds), Duration.ofSeconds(60));
    }
}
