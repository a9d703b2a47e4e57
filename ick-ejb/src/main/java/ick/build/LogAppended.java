package ick.build;

/** A build's log grew, or the build ended: log followers should look again. */
public record LogAppended(long buildId) {
}
