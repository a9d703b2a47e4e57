package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How an action ended on the worker.
 *
 * @param exitCode 0 for success
 * @param message  optional: why the action could not be run, for the log
 * @param output   optional: the action's last output chunks, not sent by output calls; the controller stores
 *                 them (by the same rules, a seq already stored is ignored) before it takes the result, so a
 *                 short action needs no output call at all
 */
public record ActionResult(@JsonProperty(required = true) int exitCode, String message, List<OutputChunk> output) {
    /** A result without output. */
    public ActionResult(int exitCode, String message) {
        this(exitCode, message, null);
    }
}
