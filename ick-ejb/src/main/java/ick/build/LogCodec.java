package ick.build;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;

/**
 * How a log chunk's text is stored (column {@code codec}, the bytes in {@code data}): its UTF-8, compressed
 * with zstd when that makes it smaller. PostgreSQL's CPU per MiB of output goes with the bytes it stores (each
 * ~2 KB of a value is a TOAST row, an index entry and WAL), and build output is mostly repetitive text: a MiB
 * of it becomes a few hundred bytes to a few KB. Chunks stored before migration V21 have plain text instead.
 */
enum LogCodec {
    /** The UTF-8 as it is: what zstd did not make smaller (short controller lines, output that looks random). */
    NONE("none"),
    /** A zstd frame of the UTF-8, level 1: ~0.3 ms a MiB for repetitive text, ~1.2 for base64 noise (75%). */
    ZSTD("zstd");

    private static final int LEVEL = 1;

    /** The value of column {@code codec}. */
    final String stored;

    LogCodec(String stored) {
        this.stored = stored;
    }

    /** A text as stored: its codec, the bytes, and the size of its UTF-8 (what the bytes decode to). */
    record Stored(LogCodec codec, byte[] data, int utf8Bytes) {
    }

    /** {@code text} in the smaller of its two forms. */
    static Stored store(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] zstd = Zstd.compress(utf8, LEVEL);
        return zstd.length < utf8.length ? new Stored(ZSTD, zstd, utf8.length) : new Stored(NONE, utf8, utf8.length);
    }

    /** The text that {@link #store} turned into {@code data}. */
    String text(byte[] data, int utf8Bytes) {
        byte[] utf8 = this == NONE ? data : Zstd.decompress(data, utf8Bytes);
        if (utf8.length != utf8Bytes) {
            throw new IllegalStateException("a " + stored + " log chunk decoded to " + utf8.length + " bytes, not "
                    + utf8Bytes);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The codec that column {@code codec} names. */
    static LogCodec of(String stored) {
        for (LogCodec codec : values()) {
            if (codec.stored.equals(stored)) {
                return codec;
            }
        }
        throw new IllegalArgumentException("unknown log chunk codec " + stored);
    }
}
