package ick.build;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@link LogFollowers#follow} for other deployments: the web UI is a WAR of its own (its OIDC login cannot share
 * the EAR's security domain), and CDI beans do not cross deployments while EJBs do
 * ({@code java:global/ick/ick-ejb/LogFollowing}). Local calls pass the answer by reference.
 */
@Stateless
public class LogFollowing {
    @Inject
    LogFollowers followers;

    public void follow(long buildId, long offset, Duration wait, Consumer<LogSlice> answer) {
        followers.follow(buildId, offset, wait, answer);
    }
}
