package ick.notify;

import ick.build.Build;
import ick.build.BuildEnded;
import ick.project.Notify;
import ick.problem.ConflictException;
import ick.problem.NoSuchItemException;
import ick.project.Project;
import ick.project.WebhookUrl;
import ick.protocol.BuildState;
import ick.protocol.NotificationInfo;
import ick.protocol.NotificationState;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The notifications table: recording them with the build's end, claiming due ones, recording how an attempt went.
 */
@Stateless
public class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @Inject
    Event<NotificationRetried> retried;

    private final NotifySettings settings = NotifySettings.fromConfig();

    /** A claimed attempt: who delivers it needs nothing else. */
    public record Claim(long id, int attempt, long buildId, Channel channel, String target, Outcome outcome) {
    }

    /**
     * Records the notifications of a build that just ended, in the transaction that ended it (this observer is
     * synchronous): they are committed exactly when the build's final state is.
     */
    public void onBuildEnded(@Observes BuildEnded ended) {
        Build build = em.find(Build.class, ended.buildId());
        Project project = build.project();
        Notify notify = project.notifySettings();
        if (notify.addresses().isEmpty() && notify.webhook() == null) {
            return;
        }
        boolean previousFailed = em.createQuery("select b.state from Build b where b.project = :project"
                                + " and b.number < :number and b.state in :finished order by b.number desc",
                        BuildState.class)
                .setParameter("project", project).setParameter("number", build.number())
                .setParameter("finished", List.of(BuildState.SUCCEEDED, BuildState.FAILED))
                .setMaxResults(1).getResultStream().findFirst().map(s -> s == BuildState.FAILED).orElse(false);
        if (!notify.tells(ended.state(), previousFailed)) {
            return;
        }
        Outcome outcome = Outcome.of(ended.state(), previousFailed);
        Instant now = Instant.now();
        if (!notify.addresses().isEmpty()) {
            em.persist(new Notification(build.id(), Channel.EMAIL, String.join(", ", notify.addresses()), outcome, now));
        }
        if (notify.webhook() != null) {
            em.persist(new Notification(build.id(), Channel.WEBHOOK, notify.webhook(), outcome, now));
        }
        LOG.fine(() -> "notifications of build " + ended.build() + " (" + outcome.json() + ") recorded");
    }

    /** Takes the most overdue notification for one attempt, committed before it is delivered; empty if none is due. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Claim> claimNext() {
        Instant now = Instant.now();
        List<?> ids = em.createNativeQuery("select id from ick.notification where state in ('pending', 'sending')"
                        + " and due_at <= ?1 order by due_at limit 1 for update skip locked")
                .setParameter(1, now).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Notification n = em.find(Notification.class, ((Number) ids.get(0)).longValue());
        if (n.state() == NotificationState.SENDING) {
            LOG.warning("notification " + n.id() + ": the claim of attempt " + n.attempts()
                    + " expired without a report; trying again (the message may arrive twice)");
        }
        n.claim(now, settings.claim());
        return Optional.of(new Claim(n.id(), n.attempts(), n.buildId(), n.channel(), n.target(), n.outcome()));
    }

    /** Attempt {@code claim} delivered it. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void delivered(Claim claim) {
        Notification n = held(claim);
        if (n != null) {
            n.sent(Instant.now());
        }
    }

    /** Attempt {@code claim} failed with {@code error}: retry later, or give up after the last attempt. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void attemptFailed(Claim claim, String error) {
        Notification n = held(claim);
        if (n != null) {
            n.attemptFailed(error, Instant.now(), settings.retryDelays());
            LOG.warning("notification " + n.id() + " (" + n.channel().json() + ") attempt " + claim.attempt()
                    + " failed: " + error + (n.state() == NotificationState.FAILED ? "; giving up"
                    : "; next attempt at " + n.dueAt()));
        }
    }

    private Notification held(Claim claim) {
        Notification n = em.find(Notification.class, claim.id(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (n == null || !n.isHeldFor(claim.attempt())) {
            LOG.warning("notification " + claim.id() + ": attempt " + claim.attempt() + " no longer holds it");
            return null;
        }
        return n;
    }

    /** Whether some notification is due (cheap: decides whether a sender job is worth starting). */
    public boolean anyDue() {
        return !em.createNativeQuery("select 1 from ick.notification where state in ('pending', 'sending')"
                + " and due_at <= ?1 limit 1").setParameter(1, Instant.now()).getResultList().isEmpty();
    }

    /** Notifications, newest first, optionally only those in {@code state}. */
    public List<NotificationInfo> list(NotificationState state, int limit) {
        String where = state == null ? "" : " and n.state = :state";
        var query = em.createQuery("select n, b from Notification n, Build b where b.id = n.buildId" + where
                + " order by n.id desc", Object[].class);
        if (state != null) {
            query.setParameter("state", state.json());
        }
        return query.setMaxResults(Math.max(1, Math.min(limit, 1000))).getResultList().stream()
                .map(row -> info((Notification) row[0], (Build) row[1])).toList();
    }

    /** One notification; {@link NoSuchItemException} if there is none. */
    public NotificationInfo info(long id) {
        Notification n = em.find(Notification.class, id);
        if (n == null) {
            throw new NoSuchItemException("no notification " + id);
        }
        return info(n, em.find(Build.class, n.buildId()));
    }

    /**
     * Gives a failed notification one more attempt, due now (an admin's wish, e.g. once the SMTP server is
     * fixed); the sender is woken when this commits.
     *
     * @throws NoSuchItemException if there is no such notification
     * @throws ConflictException if it has not failed (it is still being tried, or was sent)
     */
    public NotificationInfo retry(long id, String by) {
        Notification n = em.find(Notification.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (n == null) {
            throw new NoSuchItemException("no notification " + id);
        }
        if (n.state() != NotificationState.FAILED) {
            throw new ConflictException("notification " + id + " is " + n.state().json()
                    + ": only a failed notification can be retried");
        }
        n.retry(Instant.now());
        retried.fire(new NotificationRetried(id));
        LOG.info(() -> "notification " + id + " (" + n.channel().json() + ") retried by " + by + " after "
                + n.attempts() + " attempts");
        return info(n, em.find(Build.class, n.buildId()));
    }

    private static NotificationInfo info(Notification n, Build b) {
        boolean pending = n.state() == NotificationState.PENDING;
        return new NotificationInfo(n.id(), b.name(), b.project().name(), b.number(), n.channel().json(),
                n.channel() == Channel.WEBHOOK ? WebhookUrl.origin(n.target()) : n.target(), n.outcome().json(), n.state(),
                n.attempts(), n.createdAt(), pending ? n.dueAt() : null, n.sentAt(), n.lastError());
    }
}
