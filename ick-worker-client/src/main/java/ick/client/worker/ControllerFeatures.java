package ick.client.worker;

/**
 * What the worker's controller understands of the newer, cheaper forms of the work calls, learnt from its
 * refusals: an older controller answers a plain-text output call with 415 (or 413: its body limit is 1 MiB),
 * and a result carrying output with 400; both refusals store nothing, so the worker sends the same again in
 * the older form, and keeps to it from then on. Shared by all of a worker's actions; thread-safe.
 */
final class ControllerFeatures {
    /** {@code POST /work/ID/output?seq=N} with a {@code text/plain} body. */
    volatile boolean textOutput = true;
    /** {@code ActionResult.output}: the last output sent with the result. */
    volatile boolean outputInResult = true;
}
