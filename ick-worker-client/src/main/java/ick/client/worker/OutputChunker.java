package ick.client.worker;

import ick.protocol.OutputChunk;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cuts an action's output into {@link Utf8Chunk}s numbered from 0: a chunk is sent as soon as {@code maxBytes}
 * of UTF-8 are waiting, and whatever is waiting is sent at least every {@code interval}, so that the log is live
 * without one call per line. A process's output ({@link #bytes()}) is kept as the bytes it wrote: only a piece
 * with a byte over 127 is decoded and encoded again, which turns malformed bytes into U+FFFD as a decoder would.
 * Chunks are never cut inside a character. Thread-safe.
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
    private static final byte[] NONE = new byte[0];

    private final Consumer<Utf8Chunk> sink;
    private final int maxBytes;
    private final ScheduledFuture<?> timer;
    /** Well-formed UTF-8 waiting to be sent: {@code pending[0, length)}. */
    private byte[] pending = new byte[1024];
    private int length;
    /** The first half of a surrogate pair that ended a {@link #write(String)}: its other half starts the next. */
    private String highSurrogate = "";
    private long nextSeq;
    private boolean closed;

    /** @param sink receives the chunks in order; called with this chunker's lock held, so it must not block */
    OutputChunker(Consumer<Utf8Chunk> sink, int maxBytes, Duration interval) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("a chunk must hold at least one character: " + maxBytes);
        }
        this.sink = sink;
        this.maxBytes = maxBytes;
        long millis = interval.toMillis();
        timer = TIMER.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    OutputChunker(Consumer<Utf8Chunk> sink) {
        this(sink, MAX_BYTES, INTERVAL);
    }

    @Override
    public synchronized void write(String text) {
        if (closed || text.isEmpty()) {
            return; // the action's last words after its end (a late line of the output pump): nowhere to go
        }
        String whole = highSurrogate + text;
        boolean cutPair = Character.isHighSurrogate(whole.charAt(whole.length() - 1));
        highSurrogate = cutPair ? whole.substring(whole.length() - 1) : "";
        byte[] utf8 = (cutPair ? whole.substring(0, whole.length() - 1) : whole).getBytes(StandardCharsets.UTF_8);
        append(utf8, 0, utf8.length);
    }

    /**
     * A stream for one process's output, kept as the bytes it wrote when they are well-formed UTF-8. Each stream
     * carries its own cut character: two processes writing at once (a leftover of an earlier phase still
     * holding its pipe) never join halves of each other's characters.
     */
    @Override
    public OutputStream bytes() {
        return new ProcessBytes();
    }

    private final class ProcessBytes extends OutputStream {
        /** The start of a character that the process's next write completes (up to 3 bytes). */
        private byte[] cutCharacter = NONE;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (OutputChunker.this) {
                if (closed || len == 0) {
                    return;
                }
                int taken = cutCharacter.length > 0 ? completeCutCharacter(b, off, len) : 0;
                if (taken < len) {
                    appendWhole(b, off + taken, len - taken);
                }
            }
        }

        /**
         * Joins the cut character with the continuation bytes that start {@code b} (no more than it needs): it is
         * then whole, or broken by a byte that cannot continue it (the decoder replaces it), or still cut if
         * {@code b} ends first. Only those bytes are copied, not the whole read.
         *
         * @return how many bytes of {@code b} it took
         */
        private int completeCutCharacter(byte[] b, int off, int len) {
            int lead = cutCharacter[0] & 0xFF;
            int need = (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2) - cutCharacter.length;
            int taken = 0;
            while (taken < need && taken < len && isContinuation(b[off + taken])) {
                taken++;
            }
            byte[] joined = Arrays.copyOf(cutCharacter, cutCharacter.length + taken);
            System.arraycopy(b, off, joined, cutCharacter.length, taken);
            if (taken < need && taken == len) {
                cutCharacter = joined; // still cut: the next write goes on with it
            } else {
                cutCharacter = NONE;
                appendDecoded(joined, 0, joined.length);
            }
            return taken;
        }

        /** Takes a piece that starts at a character's start; keeps a character cut at its end for the next write. */
        private void appendWhole(byte[] b, int off, int len) {
            int end = off + len - incompleteTail(b, off, len);
            cutCharacter = end == off + len ? NONE : Arrays.copyOfRange(b, end, off + len);
            if (isAscii(b, off, end)) {
                append(b, off, end - off);
            } else {
                appendDecoded(b, off, end - off);
            }
        }

        /** The process's output ended: a character it left cut is shown as U+FFFD. */
        @Override
        public void close() {
            synchronized (OutputChunker.this) {
                if (cutCharacter.length > 0 && !closed) {
                    appendDecoded(cutCharacter, 0, cutCharacter.length);
                }
                cutCharacter = NONE;
            }
        }
    }

    /** Appends bytes decoded and encoded again: malformed ones become U+FFFD, as a decoder makes them. */
    private void appendDecoded(byte[] b, int off, int len) {
        byte[] repaired = new String(b, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        append(repaired, 0, repaired.length);
    }

    private void append(byte[] b, int off, int len) {
        if (length + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + len));
        }
        System.arraycopy(b, off, pending, length, len);
        length += len;
        emitWhileAtLeast(maxBytes);
    }

    /** Sends whatever is waiting, except a character or surrogate pair cut in two, completed by the next write. */
    synchronized void flush() {
        emitWhileAtLeast(1);
    }

    /** Sends everything waiting and stops the timer; nothing may be written after. */
    @Override
    public synchronized void close() {
        Utf8Chunk last = closeWithLast();
        if (last != null) {
            sink.accept(last);
        }
    }

    /**
     * Stops the timer and gives back, instead of sending it, the last chunk: what is waiting, if it fits one
     * chunk (else all of it but the last chunk's worth is sent first); null if nothing is waiting. The worker
     * sends it with the action's result. Nothing may be written after.
     */
    synchronized Utf8Chunk closeWithLast() {
        timer.cancel(false);
        if (!highSurrogate.isEmpty()) {
            byte[] lone = highSurrogate.getBytes(StandardCharsets.UTF_8);
            highSurrogate = "";
            append(lone, 0, lone.length);
        }
        closed = true;
        emitWhileAtLeast(maxBytes + 1);
        if (length == 0) {
            return null;
        }
        Utf8Chunk last = new Utf8Chunk(nextSeq++, Arrays.copyOf(pending, length));
        length = 0;
        return last;
    }

    /** How many chunks were made so far (the next one's seq). */
    synchronized long chunks() {
        return nextSeq;
    }

    /**
     * Sends chunks of up to {@code maxBytes}, each ending at a character's end, while at least {@code least} bytes
     * wait; what is left moves to the start of the buffer once.
     */
    private void emitWhileAtLeast(int least) {
        int from = 0;
        while (length - from >= least && length > from) {
            int end = Math.min(length, from + maxBytes);
            while (end < length && end > from && isContinuation(pending[end])) {
                end--;
            }
            if (end == from) { // cannot happen to well-formed UTF-8 (maxBytes >= 4): never loop for ever
                end = Math.min(length, from + maxBytes);
            }
            sink.accept(new Utf8Chunk(nextSeq++, Arrays.copyOfRange(pending, from, end)));
            from = end;
        }
        System.arraycopy(pending, from, pending, 0, length - from);
        length -= from;
    }

    /**
     * How many bytes at the end of {@code b[off, off + len)} start a character that is not complete yet: the
     * process's next write may complete it. At most 3; a lead byte that starts no character counts as complete
     * (the decoder replaces it).
     */
    static int incompleteTail(byte[] b, int off, int len) {
        for (int back = 1; back <= Math.min(3, len); back++) {
            int lead = b[off + len - back] & 0xFF;
            if (lead < 0x80) {
                return 0;
            }
            if (lead >= 0xC0) {
                int size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
                return lead < 0xF8 && back < size ? back : 0;
            }
        }
        return 0;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** UTF-8 length of the protocol's chunks (a result's output), 0 for none. */
    static int utf8Length(List<OutputChunk> chunks) {
        return chunks == null ? 0 : chunks.stream().mapToInt(c -> utf8Length(c.data(), 0, c.data().length())).sum();
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
