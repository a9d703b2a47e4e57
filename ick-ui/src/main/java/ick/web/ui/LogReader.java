package ick.web.ui;

import ick.build.LogFollowing;
import ick.build.LogSlice;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads a build's log now, through the same follower service the API's log endpoint uses. */
@ApplicationScoped
public class LogReader {
    @EJB(lookup = Ejbs.GLOBAL + "LogFollowing")
    LogFollowing followers;

    /** The log from {@code offset} as it is now. */
    public LogSlice now(long buildId, long offset) throws IOException {
        CompletableFuture<LogSlice> answer = new CompletableFuture<>();
        followers.follow(buildId, offset, Duration.ZERO, answer::complete);
        try {
            LogSlice slice = answer.get(20, TimeUnit.SECONDS);
            if (slice == null) {
                throw new IOException("the log could not be read");
            }
            return slice;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the log");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the log could not be read", e);
        }
    }
}
