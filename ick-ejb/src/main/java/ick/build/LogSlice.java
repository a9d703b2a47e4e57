package ick.build;

import ick.protocol.BuildState;

/**
 * Part of a build's log: the text from the asked offset, where to ask from next, the build's state, and whether
 * more is stored already (a read stops after about a MiB).
 */
public record LogSlice(String text, long nextOffset, BuildState state, boolean more) {
}
