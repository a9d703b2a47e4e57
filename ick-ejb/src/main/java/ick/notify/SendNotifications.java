package ick.notify;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Batchlet of job {@code notify}: delivers due notifications one at a time until none is due. Each is claimed
 * in its own committed transaction first, so several of these jobs (on one controller or several) never take
 * the same one.
 */
@Dependent
@Named("sendNotifications")
public class SendNotifications extends AbstractBatchlet {
    private static final Logger LOG = Logger.getLogger(SendNotifications.class.getName());
    /** Enough for one run; what is left waits for the next. */
    private static final int MAX_PER_RUN = 200;

    @EJB
    Outbox outbox;

    @EJB
    Reports reports;

    @EJB
    MailSender mail;

    @EJB
    WebhookSender webhooks;

    private volatile boolean stopped;

    @Override
    public String process() {
        int done = 0;
        Optional<Outbox.Claim> claim;
        while (!stopped && done < MAX_PER_RUN && (claim = outbox.claimNext()).isPresent()) {
            deliver(claim.get());
            done++;
        }
        return BatchStatus.COMPLETED.name();
    }

    private void deliver(Outbox.Claim claim) {
        try {
            BuildReport report = reports.report(claim.buildId(), claim.outcome());
            switch (claim.channel()) {
                case EMAIL -> mail.send(claim, report);
                case WEBHOOK -> webhooks.send(claim, report);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outbox.attemptFailed(claim, "interrupted");
            return;
        } catch (Exception e) {
            LOG.log(Level.FINE, "notification " + claim.id() + " attempt " + claim.attempt(), e);
            outbox.attemptFailed(claim, describe(e));
            return;
        }
        outbox.delivered(claim);
        LOG.info("notification " + claim.id() + " (" + claim.channel().json() + ", " + claim.outcome().json()
                + ") sent");
    }

    /** The failure in one line, with its causes (an SMTP refusal is often in the cause). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            String message = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s+", " ");
            text.append(t.getClass().getSimpleName()).append(message.isEmpty() ? "" : " " + message);
        }
        return text.toString();
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
