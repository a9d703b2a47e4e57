package ick.build;

import ick.protocol.BuildState;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The one place where a build ends, whatever ended it (its graph finished, a cancel before it had a graph):
 * the state, the log's last line and the {@link BuildEnded} event (the notification outbox and other
 * listeners) always go together. Inside the caller's transaction, which holds the build locked.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class BuildEnds {
    @EJB
    BuildLog log;

    @Inject
    Event<BuildEnded> buildEnded;

    /** Ends {@code build} in {@code outcome}; {@code failedExitCode} is the failing action's code, or null. */
    public void end(Build build, BuildState outcome, Integer failedExitCode) {
        build.end(outcome, failedExitCode, Instant.now());
        log.line(build, "build " + build.name() + " " + build.state().json());
        buildEnded.fire(new BuildEnded(build.id(), build.name(), build.project().name(), build.number(), build.state()));
    }
}
