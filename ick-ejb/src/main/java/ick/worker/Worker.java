package ick.worker;

import ick.db.JsonText;
import ick.protocol.WorkerInfo;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** A worker the controller has heard from; its name is the subject of its token. Written by upserts. */
@Entity
@Table(name = "worker")
public class Worker {
    /**
     * A worker seen within this long is online: an idle worker long-polls for work every few seconds, and its
     * {@code last_seen} is written at most every few seconds ({@link Sightings}).
     */
    public static final Duration ONLINE = Duration.ofMinutes(2);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 200)
    private String name;

    /** A JSON list of strings. */
    @Column(nullable = false)
    private String labels;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "last_seen", nullable = false)
    private Instant lastSeen;

    /** Whether the token it last registered with made it trusted: informs only (V24), never routes. */
    @Column(nullable = false)
    private boolean trusted;

    protected Worker() {
    }

    public WorkerInfo toInfo(String currentAction) {
        return new WorkerInfo(name, JsonText.strings(labels), registeredAt, lastSeen, currentAction);
    }

    public String name() {
        return name;
    }
}
