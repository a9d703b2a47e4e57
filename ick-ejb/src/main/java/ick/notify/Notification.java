package ick.notify;

import ick.protocol.NotificationState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One build's notification on one channel: pending → sending → sent, or back to pending for a retry, or
 * failed after the last attempt (pending again when an admin retries it). While sending, {@code dueAt} is when
 * the claim expires (a sender that died mid-way is replaced then).
 */
@Entity
@Table(name = "notification")
public class Notification {
    static final int MAX_ERROR = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "build_id", nullable = false)
    private long buildId;

    @Column(nullable = false, length = 20)
    private String channel;

    @Column(nullable = false)
    private String target;

    @Column(nullable = false, length = 20)
    private String outcome;

    @Column(nullable = false, length = 20)
    private String state;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "due_at", nullable = false)
    private Instant dueAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "last_error")
    private String lastError;

    protected Notification() {
    }

    /** A notification due now. */
    public Notification(long buildId, Channel channel, String target, Outcome outcome, Instant now) {
        this.buildId = buildId;
        this.channel = channel.json();
        this.target = target;
        this.outcome = outcome.json();
        this.state = NotificationState.PENDING.json();
        this.createdAt = now;
        this.dueAt = now;
    }

    /** A sender takes it for one attempt, until {@code now + claim}. */
    public void claim(Instant now, Duration claim) {
        NotificationState s = state();
        boolean expiredClaim = s == NotificationState.SENDING && !dueAt.isAfter(now);
        if (!(s == NotificationState.PENDING || expiredClaim)) {
            throw new IllegalStateException("notification " + id + " cannot be claimed: it is " + state);
        }
        state = NotificationState.SENDING.json();
        attempts++;
        dueAt = now.plus(claim);
    }

    /** Whether attempt {@code attempt} may still report on it (nobody took it over meanwhile). */
    public boolean isHeldFor(int attempt) {
        return state() == NotificationState.SENDING && attempts == attempt;
    }

    /** Delivered. */
    public void sent(Instant now) {
        require(NotificationState.SENDING, "be marked sent");
        state = NotificationState.SENT.json();
        sentAt = now;
        dueAt = now;
    }

    /**
     * The attempt failed with {@code error}: retried after the delay for this attempt, or failed for good when
     * there are no more delays.
     */
    public void attemptFailed(String error, Instant now, List<Duration> retryDelays) {
        require(NotificationState.SENDING, "fail an attempt");
        lastError = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        if (attempts > retryDelays.size()) {
            state = NotificationState.FAILED.json();
            dueAt = now;
        } else {
            state = NotificationState.PENDING.json();
            dueAt = now.plus(retryDelays.get(attempts - 1));
        }
    }

    /**
     * A person asks for one more attempt of a failed notification, due now. Attempts keep counting and the last
     * error stays until the next attempt, so a failure of this attempt leaves it failed again (no new back-off).
     */
    public void retry(Instant now) {
        require(NotificationState.FAILED, "be retried");
        state = NotificationState.PENDING.json();
        dueAt = now;
    }

    private void require(NotificationState expected, String move) {
        if (state() != expected) {
            throw new IllegalStateException("notification " + id + " cannot " + move + ": it is " + state);
        }
    }

    public Long id() {
        return id;
    }

    public long buildId() {
        return buildId;
    }

    public Channel channel() {
        return Channel.fromJson(channel);
    }

    public String target() {
        return target;
    }

    public Outcome outcome() {
        return Outcome.fromJson(outcome);
    }

    public NotificationState state() {
        return NotificationState.valueOf(state.toUpperCase(Locale.ROOT));
    }

    public int attempts() {
        return attempts;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String lastError() {
        return lastError;
    }
}
