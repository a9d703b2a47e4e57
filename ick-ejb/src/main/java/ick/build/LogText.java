package ick.build;

import java.util.List;

/**
 * The arithmetic of log offsets. An offset counts characters (Unicode code points) from the start of the
 * build's log, so a client following a log never receives half a character.
 */
public final class LogText {
    private LogText() {
    }

    /** A stored piece of log: its text starts at {@code start}. */
    public record Piece(long start, String text) {
        public long end() {
            return start + length(text);
        }
    }

    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** {@code text} as it can be stored: PostgreSQL text cannot hold NUL, which becomes U+FFFD. */
    public static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /**
     * The log from {@code offset} on, given the pieces that end after it, in order and without gaps.
     * An offset inside a piece cuts it; an offset past the end gives the empty string.
     */
    public static String from(List<Piece> pieces, long offset) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece.end() <= offset) {
                continue;
            }
            if (piece.start() >= offset) {
                out.append(piece.text());
            } else {
                int skip = (int) (offset - piece.start());
                out.append(piece.text(), piece.text().offsetByCodePoints(0, skip), piece.text().length());
            }
        }
        return out.toString();
    }
}
