package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * How an action ended on the worker.
 *
 * @param exitCode 0 for success
 * @param message  optional: why the action could not be run, for the log
 * @param output   optional: the action's last output chunks, not sent by output calls; the controller stores
 *                 them (by the same rules, a seq already stored is ignored) before it takes the result, so a
 *                 short action needs no output call at all
 * @param stored   optional: the blobs the action stored, by name, with the SHA-256 (hex) of each. The controller
 *                 pins those later actions read ({@code action: deb}'s upload, for {@code publish_debs}; an
 *                 archived workspace or system tree, for the next populate of it): they then get them only as
 *                 this action stored them, whoever writes those names afterwards
 */
public record ActionResult(@JsonProperty(required = true) int exitCode, String message, List<OutputChunk> output,
                           Map<String, String> stored) {
    public ActionResult(int exitCode, String message, List<OutputChunk> output) {
        this(exitCode, message, output, null);
    }

    /** A result without output. */
    public ActionResult(int exitCode, String message) {
        this(exitCode, message, null, null);
    }

    /** This result with {@code chunks} as its output (null: none). */
    public ActionResult withOutput(List<OutputChunk> chunks) {
        return new ActionResult(exitCode, message, chunks, stored);
    }

    /** This result with another message. */
    public ActionResult withMessage(String text) {
        return new ActionResult(exitCode, text, output, stored);
    }
}
