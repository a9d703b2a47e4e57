/**
 * Workers and dispatch: a worker (named by its token's subject) registers, long-polls for work, and reports
 * output and a result for the action it holds. Claiming an action is one transaction that takes the oldest
 * build's ready action with {@code FOR UPDATE SKIP LOCKED}, so two workers never get the same action, also
 * with several controllers on one database. Waiting workers hold no thread: {@link ick.worker.WorkWaiters}
 * keeps their suspended requests and tries claims for them when actions become ready (and every two seconds).
 */
package ick.worker;
