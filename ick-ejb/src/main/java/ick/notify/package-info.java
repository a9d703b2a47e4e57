/**
 * Notifications of finished builds: e-mail through the server's managed mail session ({@code java:jboss/mail/ick})
 * and a webhook POST of a JSON {@link ick.protocol.BuildSummary}.
 *
 * <p>Reacting to {@link ick.build.BuildEnded}, {@link Outbox} writes one {@link Notification} row per channel in
 * the same transaction as the build's final state, so a notification is never lost: it exists exactly when the
 * build has ended. The Jakarta Batch job {@code notify} (started after that commit, and by {@link NotifyScheduler}
 * whenever a retry is due) claims due rows with {@code FOR UPDATE SKIP LOCKED}, marking them {@code sending} in the
 * claim's own transaction, delivers, then marks them {@code sent}; a failed attempt is retried with back-off
 * ({@code ick.notify.retry-delays-seconds}) until the last one leaves the row {@code failed}, visible in
 * {@code GET /api/v1/notifications}.
 *
 * <p>At least once, with one window: if the controller dies after the SMTP server (or webhook) accepted a
 * message but before the row is marked sent, the claim expires ({@code ick.notify.claim-seconds}) and the
 * message is sent again. Mails carry a Message-ID derived from the notification, so that mail software can
 * recognise the repeat.
 */
package ick.notify;
