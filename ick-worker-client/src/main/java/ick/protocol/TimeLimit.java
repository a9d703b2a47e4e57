package ick.protocol;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code timeout:} as written in a project file: whole seconds ({@code 90}) or a number with a unit
 * ({@code 30s}, {@code 10m}, {@code 2h}). Shared so that the controller and a worker read it the same way.
 */
public final class TimeLimit {
    /** The longest time limit ick accepts: a week. */
    public static final long MAX_SECONDS = 7 * 24 * 3600;
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})\\s*([smh]?)");

    private TimeLimit() {
    }

    /**
     * The seconds {@code written} stands for.
     *
     * @throws IllegalArgumentException saying what is wrong, for a user to read
     */
    public static long seconds(Object written) {
        long seconds;
        if (written instanceof Integer || written instanceof Long) {
            seconds = ((Number) written).longValue();
        } else if (written instanceof String text) {
            Matcher m = FORM.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("a timeout is whole seconds or a number with s, m or h (e.g. 30s, 10m,"
                        + " 1h), not \"" + text + "\"");
            }
            long unit = switch (m.group(2)) {
                case "m" -> 60;
                case "h" -> 3600;
                default -> 1;
            };
            seconds = Long.parseLong(m.group(1)) * unit;
        } else {
            throw new IllegalArgumentException("a timeout is whole seconds or a number with s, m or h (e.g. 30s, 10m,"
                    + " 1h), not " + written);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("a timeout must be between 1 second and 7 days, not " + written);
        }
        return seconds;
    }
}
