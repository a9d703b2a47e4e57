package ick.notify;

import ick.build.BuildService;
import ick.build.LogPages;
import ick.protocol.ActionInfo;
import ick.protocol.ActionState;
import ick.protocol.BuildInfo;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Gathers the facts of a finished build that a notification tells. */
@Stateless
public class Reports {
    /** Lines of log quoted in a mail. */
    public static final int TAIL_LINES = 30;

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildService builds;

    @EJB
    LogPages logs;

    private final NotifySettings settings = NotifySettings.fromConfig();

    public BuildReport report(long buildId, Outcome outcome) {
        BuildInfo build = em.find(ick.build.Build.class, buildId).toInfo();
        ActionInfo failed = builds.actions(build.project(), build.number()).stream()
                .filter(a -> a.state() == ActionState.FAILED).findFirst().orElse(null);
        String url = settings.uiBaseUrl() + "/projects/" + segment(build.project()) + "/builds/" + build.number();
        return new BuildReport(build, outcome, failed, logs.tail(buildId, TAIL_LINES), logs.utf8Size(buildId), url);
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
