package ick.protocol;

/** A project and its newest build, if any. */
public record ProjectStatus(String project, BuildInfo lastBuild) {
}
