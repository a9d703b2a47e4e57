package ick.client.yaml;

import java.nio.file.Path;

/**
 * A YAML input that cannot be used, with where and why: {@code FILE:LINE:COLUMN: what is wrong}.
 * Line and column count from 1; they are absent when the fault has no position (e.g. an unreadable file).
 */
public final class InputFileException extends Exception {
    private final Path file;
    private final int line;
    private final int column;
    private final String problem;

    public InputFileException(Path file, int line, int column, String problem, Throwable cause) {
        super(format(file, line, column, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** @return the line, from 1, or 0 if unknown */
    public int line() {
        return line;
    }

    /** @return the column, from 1, or 0 if unknown */
    public int column() {
        return column;
    }

    /** @return what is wrong, without the position */
    public String problem() {
        return problem;
    }

    private static String format(Path file, int line, int column, String problem) {
        StringBuilder where = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + problem;
    }
}
