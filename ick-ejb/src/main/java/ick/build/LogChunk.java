package ick.build;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * A piece of a build's log at a fixed character offset: a worker's output chunk (action and seq set; a seq is
 * stored once per action) or a controller line (no action). Its text is stored as {@link LogCodec} bytes
 * ({@code data}); chunks stored before migration V21 hold it as plain {@code text}.
 */
@Entity
@Table(name = "log_chunk")
public class LogChunk {
    @Id
    // Ids in blocks of 50 (V23): a transaction's log lines go in one batched insert.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "log_chunk_ids")
    @SequenceGenerator(name = "log_chunk_ids", sequenceName = "log_chunk_id_seq", allocationSize = 50)
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

    /** Chunks stored before V21; null in the others. */
    private String text;

    /** {@link LogCodec#stored}; null with {@link #text}. */
    private String codec;

    private byte[] data;

    @Column(name = "utf8_bytes")
    private Integer utf8Bytes;

    protected LogChunk() {
    }

    LogChunk(long buildId, Long actionId, Long seq, long startOffset, String text) {
        this.buildId = buildId;
        this.actionId = actionId;
        this.seq = seq;
        this.startOffset = startOffset;
        this.length = LogText.length(text);
        LogCodec.Stored stored = LogCodec.store(text);
        this.codec = stored.codec().stored;
        this.data = stored.data();
        this.utf8Bytes = stored.utf8Bytes();
    }

    public LogText.Piece piece() {
        return new LogText.Piece(startOffset, text != null ? text : LogCodec.of(codec).text(data, utf8Bytes));
    }
}
