package ick.build;

import ick.protocol.BuildState;

/** A build has finished (fired once, when it moves to succeeded or failed). For notifications and the like. */
public record BuildEnded(long buildId, String build, String project, long number, BuildState state) {
}
