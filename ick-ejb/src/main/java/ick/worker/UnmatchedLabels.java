package ick.worker;

import ick.build.Build;
import ick.build.BuildLog;
import ick.build.BuildStarted;
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
 * Says in a build's log, as it starts, which of its actions need labels that no online worker has: they wait
 * until such a worker comes, and nothing else would tell why the build does not move. A worker is online when
 * it was seen within {@link Worker#ONLINE}; the line names the last one seen that has the labels, if any. A
 * trusted action's need of a trusted worker is not checked here (trust is in a worker's token, not its row).
 */
@Stateless
public class UnmatchedLabels {
    private static final Logger LOG = Logger.getLogger(UnmatchedLabels.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    /** A worker as this check sees it. */
    record Seen(String name, Set<String> labels, Instant lastSeen) {
    }

    /** In the transaction that started the build (a synchronous observer): the lines go with its first ones. */
    public void onBuildStarted(@Observes BuildStarted started) {
        if (started.actionsByLabels().isEmpty()) {
            return;
        }
        List<Seen> workers = em.createQuery("select w.name, w.labels, w.lastSeen from Worker w", Object[].class)
                .getResultStream()
                .map(row -> new Seen((String) row[0], readable((String) row[1]), (Instant) row[2])).toList();
        Build build = em.find(Build.class, started.buildId());
        Instant now = Instant.now();
        started.actionsByLabels().forEach((labels, indexes) ->
                line(labels, indexes, workers, now).ifPresent(line -> log.line(build, line)));
    }

    /** The line that says why the actions {@code indexes}, which need {@code labels}, wait; empty if they need not. */
    static Optional<String> line(List<String> labels, List<Integer> indexes, List<Seen> workers, Instant now) {
        String need = "the label" + (labels.size() == 1 ? " " : "s ") + String.join(", ", labels);
        String actions = "action" + (indexes.size() == 1 ? " " : "s ")
                + indexes.stream().map(String::valueOf).collect(Collectors.joining(", "));
        List<Seen> able = workers.stream().filter(w -> w.labels().containsAll(labels)).toList();
        if (able.isEmpty()) {
            return Optional.of("no registered worker has " + need + ": " + actions + " wait until one registers");
        }
        Instant since = now.minus(Worker.ONLINE);
        if (able.stream().anyMatch(w -> w.lastSeen() != null && w.lastSeen().isAfter(since))) {
            return Optional.empty();
        }
        Seen last = able.stream().filter(w -> w.lastSeen() != null).max(Comparator.comparing(Seen::lastSeen))
                .orElse(able.get(0));
        return Optional.of("no worker seen in the last " + Worker.ONLINE.toMinutes() + " minutes has " + need
                + " (" + last.name() + " has, last seen " + (last.lastSeen() == null ? "never"
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
