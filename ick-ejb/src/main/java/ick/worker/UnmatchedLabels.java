package ick.worker;

import ick.build.Build;
import ick.build.BuildLog;
import ick.build.BuildStarted;
import ick.build.BuildStarted.WorkerNeed;
import ick.db.JsonText;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Says in a build's log, as it starts, which of its actions need a kind of worker that no online worker is: labels
 * it lacks, or trust (a trusted action runs only on a trusted worker, which runs nothing else). They wait until
 * such a worker comes, and nothing else would tell why the build does not move. A worker is online when it was
 * seen within {@link Worker#ONLINE}; the line names the last one seen that would do, if any. Whether a worker is
 * trusted is what its token said when it last registered (migration V24).
 */
@Stateless
public class UnmatchedLabels {
    private static final Logger LOG = Logger.getLogger(UnmatchedLabels.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    /** A worker as this check sees it. */
    record Seen(String name, Set<String> labels, boolean trusted, Instant lastSeen) {
        boolean runs(WorkerNeed need) {
            return trusted == need.trusted() && labels.containsAll(need.labels());
        }
    }

    /** In the transaction that started the build (a synchronous observer): the lines go with its first ones. */
    public void onBuildStarted(@Observes BuildStarted started) {
        if (started.actionsByNeed().isEmpty()) {
            return;
        }
        List<Seen> workers = em.createQuery("select w.name, w.labels, w.trusted, w.lastSeen from Worker w",
                        Object[].class).getResultStream()
                .map(row -> new Seen((String) row[0], readable((String) row[1]), (Boolean) row[2], (Instant) row[3]))
                .toList();
        Build build = em.find(Build.class, started.buildId());
        Instant now = Instant.now();
        started.actionsByNeed().forEach((need, indexes) ->
                line(need, indexes, workers, now).ifPresent(line -> log.line(build, line)));
    }

    /** The line that says why the actions {@code indexes} wait for a worker; empty if an online worker will do. */
    static Optional<String> line(WorkerNeed need, List<Integer> indexes, List<Seen> workers, Instant now) {
        String has = need.labels().isEmpty() ? ""
                : " has the label" + (need.labels().size() == 1 ? " " : "s ") + String.join(", ", need.labels());
        String kind = need.trusted() ? "trusted worker" : "worker";
        String actions = "action" + (indexes.size() == 1 ? " " : "s ")
                + indexes.stream().map(String::valueOf).collect(Collectors.joining(", "));
        List<Seen> able = workers.stream().filter(w -> w.runs(need)).toList();
        if (able.isEmpty()) {
            return Optional.of("no registered " + kind + has + ": " + actions + " wait until one registers");
        }
        Instant since = now.minus(Worker.ONLINE);
        if (able.stream().anyMatch(w -> w.lastSeen() != null && w.lastSeen().isAfter(since))) {
            return Optional.empty();
        }
        Seen last = able.stream().filter(w -> w.lastSeen() != null).max(Comparator.comparing(Seen::lastSeen))
                .orElse(able.get(0));
        return Optional.of("no " + kind + " seen in the last " + Worker.ONLINE.toMinutes() + " minutes" + has
                + " (" + last.name() + " would do, last seen " + (last.lastSeen() == null ? "never"
                : last.lastSeen().truncatedTo(ChronoUnit.SECONDS)) + "): " + actions + " wait until one is back");
    }

    /**
     * A worker's labels; none if its row does not read as a list of strings (written by hand): this only informs,
     * and must never keep a build from starting.
     */
    static Set<String> readable(String labels) {
        try {
            List<String> list = JsonText.strings(labels);
            return list == null ? Set.of() : list.stream().filter(Objects::nonNull).collect(Collectors.toSet());
        } catch (RuntimeException unreadable) {
            LOG.warning(() -> "a worker's labels do not read as a list of strings: " + labels);
            return Set.of();
        }
    }
}
