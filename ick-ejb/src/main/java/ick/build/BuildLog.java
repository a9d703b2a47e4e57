package ick.build;

import ick.protocol.BuildState;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * A build's log: appending (always inside the caller's transaction, holding the build row locked, which is
 * what keeps offsets from overlapping) and reading from an offset.
 *
 * <p>Lock order, everywhere in ick: the build row first, then its action rows, then the worker row. The only
 * exception is claiming an action, which locks one action row and nothing of its build.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class BuildLog {
    /** How the controller's own lines start. */
    public static final String PREFIX = "[ick] ";

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @Inject
    Event<LogAppended> appended;

    /** Build {@code id}, freshly read and locked for this transaction; null if there is none. */
    public Build lockBuild(long id) {
        Build build = em.find(Build.class, id);
        if (build != null) {
            em.refresh(build, LockModeType.PESSIMISTIC_WRITE);
        }
        return build;
    }

    /**
     * Appends a controller line ({@code [ick] ...}) to the log of {@code build}, which the caller holds locked;
     * always on a line of its own, even after output that did not end its last line.
     */
    public void line(Build build, String line) {
        append(build, null, null, (build.logEndsLine() ? "" : "\n") + PREFIX + line + "\n");
    }

    private static final int ATTEMPT_SHIFT = 40;

    /** The largest seq a worker may send: the bits above it hold the attempt (see {@link #storedSeq}). */
    public static final long MAX_SEQ = (1L << ATTEMPT_SHIFT) - 1;

    /**
     * Appends a worker's output chunk, unless a chunk with that seq was already stored for the action's
     * current attempt.
     *
     * @return whether it was stored
     */
    public boolean output(Build build, BuildAction action, long seq, String data) {
        if (data.isEmpty()) {
            return false; // adds nothing, and would share its offset with the next piece
        }
        long key = storedSeq(action.attempt(), seq);
        // no flush first: what this transaction changed does not decide whether the chunk is stored
        long stored = em.createQuery("select count(c) from LogChunk c where c.actionId = :action and c.seq = :seq",
                        Long.class)
                .setParameter("action", action.id()).setParameter("seq", key)
                .setFlushMode(FlushModeType.COMMIT).getSingleResult();
        if (stored > 0) {
            return false;
        }
        append(build, action.id(), key, data);
        return true;
    }

    /**
     * The seq as stored: a worker numbers its chunks from 0 for each lease, so an action given out again
     * (attempt 2) sends seqs that attempt 1 already used; with the attempt in the high bits, each attempt's
     * chunks are stored once each (log_chunk is unique on action and seq) and none is taken for a resend.
     */
    static long storedSeq(int attempt, long seq) {
        return ((long) attempt << ATTEMPT_SHIFT) | seq;
    }

    private void append(Build build, Long actionId, Long seq, String text) {
        String storable = LogText.storable(text);
        long start = build.reserveLog(storable);
        em.persist(new LogChunk(build.id(), actionId, seq, start, storable));
        appended.fire(new LogAppended(build.id()));
    }

    /** The log of {@code build} from character {@code offset} on (an offset past the end reads from the end). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public LogSlice read(long buildId, long offset) {
        Build build = em.find(Build.class, buildId);
        BuildState state = build.state();
        long from = Math.min(offset, build.logSize());
        List<LogText.Piece> pieces = em.createQuery(
                        "select c from LogChunk c where c.buildId = :build and c.startOffset + c.length > :from"
                                + " order by c.startOffset", LogChunk.class)
                .setParameter("build", buildId).setParameter("from", from)
                .getResultList().stream().map(LogChunk::piece).toList();
        String text = LogText.from(pieces, from);
        return new LogSlice(text, from + LogText.length(text), state);
    }
}
