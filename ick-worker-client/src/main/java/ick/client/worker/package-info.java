/**
 * The worker daemon ({@link ick.client.worker.WorkerMain}): registers with the controller, long-polls for
 * actions, runs each one on this host in the project's workspace ({@code {workspace-root}/{project}}),
 * streams its output in numbered chunks and reports its exit code, following the protocol documented in
 * {@link ick.protocol}. It rides out a controller that is down (output stays buffered, in order, and is
 * resent with exponential backoff), gives up on an action the controller answers 409 for, and runs
 * {@code shell}, {@code python}, {@code create_workspace} and {@code git} actions; anything else ends with
 * exit code 2 and a message saying this worker does not support it.
 */
package ick.client.worker;
