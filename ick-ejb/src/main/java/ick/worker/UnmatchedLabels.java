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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Says in a build's log, as it starts, which of its actions need labels that no registered worker has: they
 * wait until such a worker registers, and nothing else would tell why the build does not move. Every worker ever
 * registered counts (the controller keeps no list of live ones), and a trusted action's need of a trusted worker
 * is not checked here.
 */
@Stateless
public class UnmatchedLabels {
    private static final Logger LOG = Logger.getLogger(UnmatchedLabels.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    /** In the transaction that started the build (a synchronous observer): the lines go with its first ones. */
    public void onBuildStarted(@Observes BuildStarted started) {
        if (started.actionsByLabels().isEmpty()) {
            return;
        }
        List<Set<String>> offered = em.createQuery("select w.labels from Worker w", String.class)
                .getResultStream().map(UnmatchedLabels::readable).toList();
        Build build = em.find(Build.class, started.buildId());
        started.actionsByLabels().forEach((labels, indexes) -> {
            if (offered.stream().noneMatch(has -> has.containsAll(labels))) {
                log.line(build, "no registered worker has the label" + (labels.size() == 1 ? " " : "s ")
                        + String.join(", ", labels) + ": action" + (indexes.size() == 1 ? " " : "s ")
                        + indexes.stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " wait until one registers");
            }
        });
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
