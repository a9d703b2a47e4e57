package ick.client.cli;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import ick.protocol.BuildState;

import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Prints a build's log as it grows: {@code GET .../log?offset=O&wait=25} again and again, each time from the
 * {@code Ick-Log-Offset} the last answer gave, until {@code Ick-Build-State} says the build is finished and
 * no more text comes. A controller that goes away for a moment is waited for (a few tries, backing off).
 */
final class LogFollower {
    static final int WAIT_SECONDS = 25;
    private static final int TRIES = 6;

    private final ApiClient api;
    private final BuildId build;
    private final PrintWriter out;
    private final PrintWriter err;

    LogFollower(ApiClient api, BuildId build, PrintWriter out, PrintWriter err) {
        this.api = api;
        this.build = build;
        this.out = out;
        this.err = err;
    }

    /**
     * @param follow false: print the log as it is now and return
     * @return the build's state when the printing stopped ({@code null} if the controller did not say)
     */
    BuildState print(boolean follow) throws InterruptedException {
        long offset = 0;
        while (true) {
            HttpResponse<String> answer = fetch(offset, follow ? WAIT_SECONDS : 0);
            String text = answer.body() == null ? "" : answer.body();
            out.print(text);
            out.flush();
            offset = answer.headers().firstValue("Ick-Log-Offset").map(Long::parseLong).orElse(offset + text.length());
            BuildState state = answer.headers().firstValue("Ick-Build-State")
                    .map(BuildState::of).orElse(null);
            if (!follow || state == null || state.isFinished() && text.isEmpty()) {
                return state;
            }
        }
    }

    private HttpResponse<String> fetch(long offset, int wait) throws InterruptedException {
        String path = build.path() + "/log?offset=" + offset + "&wait=" + wait;
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));
        for (int attempt = 1; ; attempt++) {
            try {
                return api.call("GET", path, null, Duration.ofSeconds(wait + 30), true);
            } catch (ApiException e) {
                if (!e.isRetryable() || attempt == TRIES) {
                    throw e;
                }
                Duration pause = backoff.next();
                err.println("icktool: " + e.getMessage() + "; trying again in " + pause.toSeconds() + " s");
                err.flush();
                Thread.sleep(pause.toMillis());
            }
        }
    }
}
