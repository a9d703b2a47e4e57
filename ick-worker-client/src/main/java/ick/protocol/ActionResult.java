package ick.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an action ended on the worker.
 *
 * @param exitCode 0 for success
 * @param message  optional: why the action could not be run, for the log
 */
public record ActionResult(@JsonProperty(required = true) int exitCode, String message) {
}
