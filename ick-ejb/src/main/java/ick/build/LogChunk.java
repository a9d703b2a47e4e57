package ick.build;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A piece of a build's log at a fixed character offset: a worker's output chunk (action and seq set; a seq is
 * stored once per action) or a controller line (no action).
 */
@Entity
@Table(name = "log_chunk")
public class LogChunk {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "build_id", nullable = false)
    private long buildId;

    @Column(name = "action_id")
    private Long actionId;

    private Long seq;

    @Column(name = "start_offset", nullable = false)
    private long startOffset;

    /** Characters (code points) of {@link #text}. */
    @Column(nullable = false)
    private int length;

    @Column(nullable = false)
    private String text;

    protected LogChunk() {
    }

    LogChunk(long buildId, Long actionId, Long seq, long startOffset, String text) {
        this.buildId = buildId;
        this.actionId = actionId;
        this.seq = seq;
        this.startOffset = startOffset;
        this.text = text;
        this.length = LogText.length(text);
    }

    public LogText.Piece piece() {
        return new LogText.Piece(startOffset, text);
    }
}
