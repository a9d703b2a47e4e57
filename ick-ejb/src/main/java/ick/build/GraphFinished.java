package ick.build;

/** Every action of a build is finished: its job must run step {@code finish}. */
public record GraphFinished(long buildId) {
}
