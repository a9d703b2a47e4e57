package ick.client.worker;

import ick.protocol.OutputChunk;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cuts an action's output into {@link OutputChunk}s numbered from 0: a chunk is sent as soon as
 * {@code maxBytes} (UTF-8) of text are waiting, and whatever is waiting is sent at least every
 * {@code interval}, so that the log is live without one call per line. Thread-safe.
 */
final class OutputChunker implements ActionOutput, AutoCloseable {
    /** The most text one chunk carries, in UTF-8 bytes. */
    static final int MAX_BYTES = 64 * 1024;
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Consumer<OutputChunk> sink;
    private final int maxBytes;
    private final ScheduledExecutorService timer;
    private final StringBuilder pending = new StringBuilder();
    private long nextSeq;

    /** @param sink receives the chunks in order; called with this chunker's lock held, so it must not block */
    OutputChunker(Consumer<OutputChunk> sink, int maxBytes, Duration interval) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("a chunk must hold at least one character: " + maxBytes);
        }
        this.sink = sink;
        this.maxBytes = maxBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-flush");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    OutputChunker(Consumer<OutputChunk> sink) {
        this(sink, MAX_BYTES, INTERVAL);
    }

    @Override
    public synchronized void write(String text) {
        pending.append(text);
        int bytes = utf8Length(pending, 0, pending.length());
        while (bytes >= maxBytes) {
            String sent = emitOne(pending.length());
            bytes -= utf8Length(sent, 0, sent.length());
        }
    }

    /**
     * Sends whatever is waiting, except a trailing half of a surrogate pair, whose other half is surely in
     * the next write.
     */
    synchronized void flush() {
        int end = pending.length();
        if (end > 0 && Character.isHighSurrogate(pending.charAt(end - 1))) {
            end--;
        }
        while (end > 0) {
            end -= emitOne(end).length();
        }
    }

    /** Sends everything waiting and stops the timer; nothing may be written after. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        while (pending.length() > 0) {
            emitOne(pending.length());
        }
    }

    /** How many chunks were made so far (the next one's seq). */
    synchronized long chunks() {
        return nextSeq;
    }

    /**
     * Sends the longest prefix of the first {@code limit} pending chars that fits maxBytes, never splitting a
     * surrogate pair.
     *
     * @return the text sent
     */
    private String emitOne(int limit) {
        int end = 0;
        int bytes = 0;
        while (end < limit) {
            int step = Character.isHighSurrogate(pending.charAt(end)) && end + 1 < limit
                    && Character.isLowSurrogate(pending.charAt(end + 1)) ? 2 : 1;
            int size = utf8Length(pending, end, end + step);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += step;
        }
        String data = pending.substring(0, end);
        pending.delete(0, end);
        sink.accept(new OutputChunk(nextSeq++, data));
        return data;
    }

    /** UTF-8 length of a stretch of text; a lone surrogate counts 3, more than Java's 1-byte replacement. */
    static int utf8Length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
