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
import jakarta.persistence.PersistenceUnitUtil;
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

    /**
     * Build {@code id}, freshly read and locked for this transaction; null if there is none. Lock it before changing
     * it: if this transaction had read it already, it is read again, and changes not yet flushed are lost.
     */
    public Build lockBuild(long id) {
        PersistenceUnitUtil loaded = em.getEntityManagerFactory().getPersistenceUnitUtil();
        Build known = em.getReference(Build.class, id); // no select: the instance this transaction has, or a proxy
        if (loaded.isLoaded(known)) {
            em.refresh(known, LockModeType.PESSIMISTIC_WRITE); // read before: read again, as it is now it is locked
            return known;
        }
        Build found = em.find(Build.class, id, LockModeType.PESSIMISTIC_WRITE); // one "select ... for update"
        // with no such row, find hands back the reference above, never initialized
        return found != null && loaded.isLoaded(found) ? found : null;
    }

    /**
     * Appends a controller line ({@code [ick] ...}) to the log of {@code build}, which the caller holds locked;
     * always on a line of its own, even after output that did not end its last line.
     */
    public void line(Build build, String line) {
        append(build, (build.logEndsLine() ? "" : "\n") + PREFIX + line + "\n");
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
        String storable = LogText.storable(data);
        LogCodec.Stored bytes = LogCodec.store(storable);
        // One statement: the unique (action_id, seq) says whether the chunk was stored before. No flush first:
        // what this transaction changed does not decide that, and the build's log_size goes at commit.
        int stored = em.createNativeQuery("insert into ick.log_chunk"
                        + " (build_id, action_id, seq, start_offset, length, codec, data, utf8_bytes)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (action_id, seq) do nothing")
                .setParameter(1, build.id()).setParameter(2, action.id())
                .setParameter(3, storedSeq(action.attempt(), seq)).setParameter(4, build.logSize())
                .setParameter(5, LogText.length(storable)).setParameter(6, bytes.codec().stored)
                .setParameter(7, bytes.data()).setParameter(8, bytes.utf8Bytes())
                .setFlushMode(FlushModeType.COMMIT).executeUpdate();
        if (stored == 0) {
            return false;
        }
        build.reserveLog(storable);
        appended.fire(new LogAppended(build.id()));
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

    private void append(Build build, String text) {
        String storable = LogText.storable(text);
        long start = build.reserveLog(storable);
        em.persist(new LogChunk(build.id(), null, null, start, storable));
        appended.fire(new LogAppended(build.id()));
    }

    /**
     * The most characters one read gathers before it stops at a chunk's end (at least one chunk is read,
     * and a worker's is at most 4 MiB): a 1 GiB log is read a slice at a time, never into the heap at once.
     */
    static final long SLICE_CHARS = 1 << 20;
    /** The most chunks one read loads: a slice of tiny chunks stops earlier. */
    private static final int SLICE_CHUNKS = 20_000;

    /**
     * The log of {@code build} from character {@code offset} on (an offset past the end reads from the end),
     * about {@link #SLICE_CHARS} characters at most; {@link LogSlice#more()} says whether more is stored.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public LogSlice read(long buildId, long offset) {
        Build build = em.find(Build.class, buildId);
        BuildState state = build.state();
        long from = Math.min(offset, build.logSize());
        // the chunks that start before from + SLICE_CHARS: whole ones, the last may reach past it
        List<LogText.Piece> pieces = em.createQuery(
                        "select c from LogChunk c where c.buildId = :build and c.startOffset + c.length > :from"
                                + " and c.startOffset < :until order by c.startOffset", LogChunk.class)
                .setParameter("build", buildId).setParameter("from", from).setParameter("until", from + SLICE_CHARS)
                .setMaxResults(SLICE_CHUNKS).getResultList().stream().map(LogChunk::piece).toList();
        String text = LogText.from(pieces, from);
        long next = from + LogText.length(text);
        return new LogSlice(text, next, state, next < build.logSize());
    }
}
