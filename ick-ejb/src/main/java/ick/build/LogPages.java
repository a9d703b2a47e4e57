package ick.build;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A finished build's log read a few chunks at a time, for whoever must handle logs larger than they want in
 * memory at once (the notification attached to an e-mail). Each call is its own short transaction.
 */
@Stateless
public class LogPages {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    /** The size of the log in bytes of UTF-8. */
    public long utf8Size(long buildId) {
        Number size = (Number) em.createNativeQuery(
                        "select coalesce(sum(coalesce(utf8_bytes, octet_length(text))), 0) from ick.log_chunk"
                                + " where build_id = ?1")
                .setParameter(1, buildId).getSingleResult();
        return size.longValue();
    }

    /** Up to {@code max} pieces of the log starting at or after character {@code from}, in order. */
    public List<LogText.Piece> page(long buildId, long from, int max) {
        return em.createQuery("select c from LogChunk c where c.buildId = :build and c.startOffset >= :from"
                        + " order by c.startOffset", LogChunk.class)
                .setParameter("build", buildId).setParameter("from", from).setMaxResults(max)
                .getResultList().stream().map(LogChunk::piece).toList();
    }

    /** The last {@code lines} lines of the log (fewer if it has fewer), reading backwards a few chunks at a time. */
    public List<String> tail(long buildId, int lines) {
        List<LogText.Piece> pieces = new ArrayList<>();
        long newlines = 0;
        long before = Long.MAX_VALUE;
        while (newlines <= lines) {
            List<LogText.Piece> page = em.createQuery("select c from LogChunk c where c.buildId = :build"
                            + " and c.startOffset < :before order by c.startOffset desc", LogChunk.class)
                    .setParameter("build", buildId).setParameter("before", before).setMaxResults(4)
                    .getResultList().stream().map(LogChunk::piece).toList();
            if (page.isEmpty()) {
                break;
            }
            for (LogText.Piece piece : page) {
                pieces.add(piece);
                newlines += piece.text().chars().filter(c -> c == '\n').count();
                before = piece.start();
            }
            em.clear();
        }
        Collections.reverse(pieces);
        StringBuilder text = new StringBuilder();
        pieces.forEach(p -> text.append(p.text()));
        return lastLines(text.toString(), lines);
    }

    static List<String> lastLines(String text, int lines) {
        List<String> all = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all.remove(all.size() - 1); // the text ended with a newline
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
