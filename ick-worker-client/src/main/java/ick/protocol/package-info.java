/**
 * The contract between the ick controller and its clients (workers and icktool): the transfer records
 * that travel as JSON, the REST paths, the scopes, and the JSON mapping both sides use.
 *
 * <h2>Worker protocol</h2>
 * A worker holds a token issued to its client ({@code POST /token}, client-credentials grant). Its
 * identity is the token's {@code sub}; the controller never trusts a worker name sent in a URL or body.
 * <ol>
 *   <li>{@code POST /api/v1/workers} (empty body or {@link WorkerRegistration}): announce itself. Idempotent.</li>
 *   <li>{@code GET /api/v1/work?wait=30}: long-poll for the next ready action this worker may run.
 *       200 with a {@link WorkItem} (the action is now held by this worker and is {@code building}),
 *       or 204 when nothing became ready within the wait. A worker whose connection closed while it waited
 *       (it stopped) is not handed anything.</li>
 *   <li>{@code POST /api/v1/work/{actionId}/output} with an {@link OutputChunk}, at least once a second
 *       while there is output. Chunks are numbered from 0 per action; a chunk sent twice is stored once,
 *       so a worker that is not sure a chunk arrived simply sends it again. The same as plain text:
 *       {@code ?seq=N} and a {@code text/plain; charset=UTF-8} body of up to 8 MiB; the worker sends in one
 *       call what its action printed while the previous call was on its way (the first piece's seq; the
 *       numbers of the others are not used). A call is only ever sent again as it was.</li>
 *   <li>{@code POST /api/v1/work/{actionId}/heartbeat} every second while the action runs: renews the action's
 *       lease (default 60 s) and answers a {@link HeartbeatReply}; {@code cancelled} or {@code timed-out} means
 *       stop the action's process tree now, then send the result.</li>
 *   <li>{@code POST /api/v1/work/{actionId}/result} with an {@link ActionResult} (exit code, and the output
 *       not sent yet, stored first). Sending the same result twice is harmless. With {@code ?next=true} the
 *       answer is the worker's next {@link WorkItem} if one is ready now (200; then it runs that one, step 3),
 *       else 204 (then it polls, step 2): a worker with queued work makes one call per action.</li>
 *   <li>With {@code ?ahead=N} on steps 2 and 5, a {@link WorkItem} may list the actions that follow it in its
 *       pipeline and can only run on this worker right after it ({@link WorkItem#ahead()}). The worker starts
 *       each as soon as the one before it succeeded, and reports the results together:
 *       {@code POST /api/v1/work/results} with a {@link ResultBatch}, answered by a {@link ResultBatchReply}.
 *       It sends them when the chain ends or fails, when the oldest has waited 100 ms, or when the action
 *       running ahead must report; that action's reports wait until a batch has named it and the controller
 *       has given it. A chain of short actions thus costs one call.</li>
 * </ol>
 * An older controller refuses the newer forms without storing anything (plain-text output: 415 or 413; a
 * result with output: 400; it ignores {@code next}): the worker then sends the same in the JSON calls.
 * Every work call carries {@code ?attempt=N} from the {@link WorkItem} (fencing): when a lease expires the
 * controller fails the action ("worker lost") or gives it out again under a new attempt; the old attempt's
 * reports then get 409, and the worker stops that action.
 * Reporting on an action the caller does not hold gives 409 and changes nothing. When the controller is
 * unreachable, the worker keeps its output buffered and retries with exponential backoff.
 */
package ick.protocol;
