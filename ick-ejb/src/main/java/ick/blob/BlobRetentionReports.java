package ick.blob;

import ick.protocol.BlobRetentionReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The reports of the last retention runs of this controller, by execution id (the log keeps them all). */
@ApplicationScoped
public class BlobRetentionReports {
    private static final int KEPT = 20;

    private final Map<Long, BlobRetentionReport> reports = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BlobRetentionReport> eldest) {
            return size() > KEPT;
        }
    };

    synchronized void put(BlobRetentionReport report) {
        reports.put(report.execution(), report);
    }

    public synchronized Optional<BlobRetentionReport> get(long execution) {
        return Optional.ofNullable(reports.get(execution));
    }
}
