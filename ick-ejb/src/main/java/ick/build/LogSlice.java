package ick.build;

import ick.protocol.BuildState;

/** Part of a build's log: the text from the asked offset, where to ask from next, and the build's state. */
public record LogSlice(String text, long nextOffset, BuildState state) {
}
