package ick.protocol;

import java.time.Instant;
import java.util.List;

/** A worker as the API shows it; {@code name} is the subject of the worker's token. */
public record WorkerInfo(String name, List<String> labels, Instant registeredAt, Instant lastSeen, String currentAction) {
}
