package ick.blob;

import ick.identity.IdentitySettings;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The blob store's settings, from MicroProfile Config (system property, then environment variable such as
 * {@code ICK_BLOB_DIR}).
 *
 * @param dir            where blobs are kept ({@code ick.blob.dir}, default {@code ${ick.data-dir}/blobs})
 * @param retentionAge   how old an unreferenced blob must be before {@code blob-retention} deletes it
 *                       ({@code ick.blob.retention.max-age-days}, default 30)
 * @param retentionEvery how often the job runs by itself ({@code ick.blob.retention.interval-hours},
 *                       default 24; 0 turns the schedule off)
 */
public record BlobSettings(Path dir, Duration retentionAge, Duration retentionEvery) {
    public static final String DIR = "ick.blob.dir";
    public static final String MAX_AGE_DAYS = "ick.blob.retention.max-age-days";
    public static final String INTERVAL_HOURS = "ick.blob.retention.interval-hours";

    public static BlobSettings fromConfig() {
        Config config = ConfigProvider.getConfig();
        Path dir = config.getOptionalValue(DIR, String.class).map(Path::of)
                .orElseGet(() -> IdentitySettings.fromConfig().dataDir().resolve("blobs"));
        return new BlobSettings(dir,
                Duration.ofDays(config.getOptionalValue(MAX_AGE_DAYS, Long.class).orElse(30L)),
                Duration.ofHours(config.getOptionalValue(INTERVAL_HOURS, Long.class).orElse(24L)));
    }
}
