package ick.build;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Clients following a build's log, without a thread each: long polls, answered as soon as the log grows or
 * the build ends (an event after the commit; and a check every two seconds, for logs written by another
 * controller), or with whatever there is at their deadline; and streams (Server-Sent Events), sent each new
 * piece the same way until the build ends.
 */
@ApplicationScoped
public class LogFollowers {
    private static final Logger LOG = Logger.getLogger(LogFollowers.class.getName());
    private static final long SWEEP_MILLIS = 2000;

    private final ConcurrentLinkedQueue<Follower> followers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Streamer> streamers = new ConcurrentLinkedQueue<>();

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @EJB
    BuildLog log;

    private ScheduledFuture<?> sweep;

    @PostConstruct
    void startSweeping() {
        sweep = scheduler.scheduleWithFixedDelay(() -> {
            followers.forEach(f -> check(f, false));
            streamers.forEach(this::pump);
        }, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopSweeping() {
        sweep.cancel(false);
        streamers.forEach(s -> s.stream.close());
    }

    /**
     * Streams the log of build {@code buildId} from {@code offset} to {@code stream}: what there is now, then
     * each new piece within moments of its commit, until the build ended and all was sent. Returns at once.
     */
    public void stream(long buildId, long offset, LogStream stream) {
        Streamer streamer = new Streamer(buildId, offset, stream);
        streamers.add(streamer);
        executor.execute(() -> pump(streamer));
    }

    /** Sends what is new to one stream; one pass at a time, and a wake-up during a pass makes another. */
    private void pump(Streamer s) {
        s.pending.set(true);
        if (!s.busy.compareAndSet(false, true)) {
            return;
        }
        try {
            while (s.pending.getAndSet(false)) {
                if (s.stream.isClosed()) {
                    streamers.remove(s);
                    return;
                }
                LogSlice slice = log.read(s.buildId, s.offset);
                boolean ended = slice.state().isFinished() && slice.text().isEmpty();
                if (!slice.text().isEmpty() || ended) {
                    if (!s.stream.send(slice)) {
                        streamers.remove(s);
                        return;
                    }
                    s.offset = slice.nextOffset();
                }
                if (ended) {
                    streamers.remove(s);
                    s.stream.close();
                    return;
                }
                if (slice.more() || slice.state().isFinished()) {
                    s.pending.set(true); // the rest, or the end, comes on the next pass
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not stream the log of build " + s.buildId, e);
            return; // the sweep tries again
        } finally {
            s.busy.set(false);
        }
        if (s.pending.get()) {
            pump(s);
        }
    }

    /**
     * The log of build {@code buildId} from {@code offset}: at once if there is some or the build is finished,
     * else as soon as there is, or after {@code wait}. Returns at once; the answer goes to {@code answer}.
     */
    public void follow(long buildId, long offset, Duration wait, Consumer<LogSlice> answer) {
        LogSlice now = log.read(buildId, offset);
        if (!now.text().isEmpty() || now.state().isFinished() || wait.isZero() || wait.isNegative()) {
            answer.accept(now);
            return;
        }
        Follower follower = new Follower(buildId, offset, Instant.now().plus(wait), answer);
        followers.add(follower);
        scheduler.schedule(() -> check(follower, true), wait.toMillis(), TimeUnit.MILLISECONDS);
        executor.execute(() -> check(follower, false));
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) LogAppended event) {
        if (streamers.stream().anyMatch(s -> s.buildId == event.buildId())) {
            executor.execute(() -> streamers.stream().filter(s -> s.buildId == event.buildId()).forEach(this::pump));
        }
        if (followers.stream().anyMatch(f -> f.buildId == event.buildId())) {
            executor.execute(() -> followers.stream().filter(f -> f.buildId == event.buildId())
                    .forEach(f -> check(f, false)));
        }
    }

    private void check(Follower follower, boolean atDeadline) {
        if (!follower.taken.compareAndSet(false, true)) {
            return; // another check has it; if that one was too early, the sweep answers it later
        }
        boolean deadline = atDeadline || !Instant.now().isBefore(follower.deadline);
        try {
            LogSlice slice = log.read(follower.buildId, follower.offset);
            if (deadline || !slice.text().isEmpty() || slice.state().isFinished()) {
                followers.remove(follower);
                follower.answer.accept(slice);
                return;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not read the log of build " + follower.buildId, e);
            if (deadline) {
                followers.remove(follower);
                follower.answer.accept(null);
                return;
            }
        }
        follower.taken.set(false);
    }

    private static final class Streamer {
        final long buildId;
        final LogStream stream;
        volatile long offset;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicBoolean pending = new AtomicBoolean();

        Streamer(long buildId, long offset, LogStream stream) {
            this.buildId = buildId;
            this.offset = offset;
            this.stream = stream;
        }
    }

    private static final class Follower {
        final long buildId;
        final long offset;
        final Instant deadline;
        final Consumer<LogSlice> answer;
        final AtomicBoolean taken = new AtomicBoolean();

        Follower(long buildId, long offset, Instant deadline, Consumer<LogSlice> answer) {
            this.buildId = buildId;
            this.offset = offset;
            this.deadline = deadline;
            this.answer = answer;
        }
    }
}
