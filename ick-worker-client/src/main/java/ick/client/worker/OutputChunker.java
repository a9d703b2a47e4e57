package ick.client.worker;

import ick.protocol.OutputChunk;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    /** One timer thread for every action's chunker (a worker runs one action at a time, and flushes are short). */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "output-flush");
        t.setDaemon(true);
        return t;
    });

    private final Consumer<OutputChunk> sink;
    private final int maxBytes;
    private final ScheduledFuture<?> timer;
    private final StringBuilder pending = new StringBuilder();
    /** UTF-8 bytes of {@link #pending}, kept up to date rather than counted again at each write. */
    private int pendingBytes;
    private long nextSeq;
    private boolean closed;

    /** @param sink receives the chunks in order; called with this chunker's lock held, so it must not block */
    OutputChunker(Consumer<OutputChunk> sink, int maxBytes, Duration interval) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("a chunk must hold at least one character: " + maxBytes);
        }
        this.sink = sink;
        this.maxBytes = maxBytes;
        long millis = interval.toMillis();
        timer = TIMER.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    OutputChunker(Consumer<OutputChunk> sink) {
        this(sink, MAX_BYTES, INTERVAL);
    }

    @Override
    public synchronized void write(String text) {
        if (closed) {
            return; // the action's last words after its end (a late line of the output pump): nowhere to go
        }
        boolean joinsPair = !text.isEmpty() && pending.length() > 0
                && Character.isHighSurrogate(pending.charAt(pending.length() - 1)) && Character.isLowSurrogate(text.charAt(0));
        pending.append(text);
        // a pair split across writes counted 3 + 3 bytes as two lone halves; it is 4
        pendingBytes += utf8Length(text, 0, text.length()) - (joinsPair ? 2 : 0);
        while (pendingBytes >= maxBytes && pending.length() > 0) {
            int limit = pending.length() - (Character.isHighSurrogate(pending.charAt(pending.length() - 1)) ? 1 : 0);
            if (limit == 0) {
                break; // only half a pair waits: its other half comes with the next write
            }
            emitOne(limit);
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
        OutputChunk last = closeWithLast();
        if (last != null) {
            sink.accept(last);
        }
    }

    /**
     * Stops the timer and gives back, instead of sending it, the last chunk: what is waiting, if it fits one
     * chunk (else all of it but the last chunk's worth is sent first); null if nothing is waiting. The worker
     * sends it with the action's result. Nothing may be written after.
     */
    synchronized OutputChunk closeWithLast() {
        timer.cancel(false);
        closed = true;
        while (pendingBytes > maxBytes && pending.length() > 0) {
            emitOne(pending.length());
        }
        if (pending.length() == 0) {
            return null;
        }
        OutputChunk last = new OutputChunk(nextSeq++, pending.toString());
        pending.setLength(0);
        pendingBytes = 0;
        return last;
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
        if (pendingBytes == pending.length()) {
            // all ASCII (any other character counts more bytes than chars): one byte a char, no need to look
            end = Math.min(limit, maxBytes);
            bytes = end;
        }
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
        pendingBytes = pending.length() == 0 ? 0 : pendingBytes - bytes;
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
