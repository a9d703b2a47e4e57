package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A piece of an action's output (stdout and stderr interleaved, as the terminal would show them).
 *
 * @param seq  numbered from 0 for each action; a chunk with a number already stored is ignored
 * @param data the text
 */
public record OutputChunk(@JsonProperty(required = true) long seq, String data) {
}
