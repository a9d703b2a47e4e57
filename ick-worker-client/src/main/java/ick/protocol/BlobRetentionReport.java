package ick.protocol;

import java.util.List;

/**
 * What one run of the {@code blob-retention} job did.
 *
 * @param execution     the batch job's execution id
 * @param status        the job's batch status ({@code COMPLETED}, {@code FAILED}, or {@code STARTED} if it
 *                      had not ended when the answer was sent)
 * @param deleted       the blobs deleted (no project references them, older than the age limit)
 * @param partials      the unfinished uploads deleted (older than the age limit)
 * @param freedBytes    the bytes freed on the store
 * @param kept          how many blobs were kept
 */
public record BlobRetentionReport(long execution, String status, List<String> deleted, List<String> partials,
                                  long freedBytes, int kept) {
}
