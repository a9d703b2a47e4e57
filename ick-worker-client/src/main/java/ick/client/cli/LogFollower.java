package ick.client.cli;

import ick.client.http.ApiClient;
import ick.client.http.ApiException;
import ick.client.http.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import ick.protocol.BuildState;
import ick.protocol.Json;

import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Prints a build's log as it grows: a Server-Sent Events stream ({@code GET .../log},
 * {@code Accept: text/event-stream}) whose {@code log} events carry new text within moments of its arrival,
 * until the {@code end} event; a stream cut short is resumed from the last offset. A controller that goes
 * away for a moment is waited for (a few tries, backing off). Without following: one plain GET.
 */
final class LogFollower {
    static final int WAIT_SECONDS = 25;
    private static final int TRIES = 6;
    /** The controller does not stream: follow by long polls. */
    private static final BuildState NOT_STREAMED = BuildState.TRIGGERED;

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
        if (follow) {
            BuildState streamed = stream();
            if (streamed != NOT_STREAMED) {
                return streamed;
            }
        }
        long offset = 0;
        while (true) {
            HttpResponse<String> answer = fetch(offset, follow ? WAIT_SECONDS : 0);
            String text = answer.body() == null ? "" : answer.body();
            out.print(text);
            out.flush();
            offset = answer.headers().firstValue("Ick-Log-Offset").map(Long::parseLong).orElse(offset + text.length());
            BuildState state = answer.headers().firstValue("Ick-Build-State")
                    .map(BuildState::of).orElse(null);
            // an answer holds a slice of the log (about a MiB): without follow, ask until one is empty
            if (text.isEmpty() && (!follow || state == null || state.isFinished()) || follow && state == null) {
                return state;
            }
        }
    }

    private BuildState stream() throws InterruptedException {
        long[] offset = {0};
        BuildState[] state = {null};
        boolean[] ended = {false};
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));
        for (int attempt = 1; ; attempt++) {
            String[] event = {"message"};
            try {
                boolean streamed = api.streamLines(build.path() + "/log?offset=" + offset[0], "text/event-stream", line -> {
                    if (line.startsWith("event:")) {
                        event[0] = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        JsonNode data = parse(line.substring(5).strip());
                        String text = data.path("text").asText("");
                        out.print(text);
                        out.flush();
                        offset[0] = data.path("offset").asLong(offset[0]);
                        state[0] = BuildState.of(data.path("state").asText("building"));
                        if (event[0].equals("end")) {
                            ended[0] = true;
                        }
                    } else if (line.isEmpty()) {
                        event[0] = "message";
                    }
                });
                if (!streamed) {
                    return NOT_STREAMED;
                }
                if (ended[0] || state[0] != null && state[0].isFinished()) {
                    return state[0];
                }
                attempt = 0; // cut short after some progress: resume at once
            } catch (ApiException e) {
                if (!e.isRetryable() || attempt >= TRIES) {
                    throw e;
                }
                Duration pause = backoff.next();
                err.println("icktool: " + e.getMessage() + "; trying again in " + pause.toSeconds() + " s");
                err.flush();
                Thread.sleep(pause.toMillis());
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the controller sent an event that is not JSON: " + json, e);
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
