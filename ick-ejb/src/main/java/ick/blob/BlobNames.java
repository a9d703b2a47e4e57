package ick.blob;

import ick.project.Names;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for blob names: one to eight {@code /}-separated segments, each like a {@link Names name} (letters,
 * digits, {@code .}, {@code _}, {@code -}, starting with a letter or digit, at most 100 characters) but also
 * allowing {@code +} and {@code ~}, which Debian file names hold ({@code hello_0.1.0+ci3-1_amd64.deb},
 * {@code ick_1.0~rc1-1.dsc}); at most 255 characters in all. So a segment is never empty, {@code .},
 * {@code ..} or hidden, a name is never absolute, never climbs out of the store, and holds no control
 * character, {@code %} or space.
 */
public final class BlobNames {
    public static final int MAX_LENGTH = 255;
    public static final int MAX_SEGMENTS = 8;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,99}");

    private BlobNames() {
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /** Why {@code name} is not a valid blob name, or empty if it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("missing blob name");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("blob name longer than " + MAX_LENGTH + " characters");
        }
        String[] segments = name.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return Optional.of("blob name with more than " + MAX_SEGMENTS + " segments");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("invalid blob name " + Names.quote(name) + " (segments separated by '/',"
                        + " each of letters, digits, '.', '_', '-', '+' and '~', starting with a letter or digit;"
                        + " no '..', no leading '/')");
            }
        }
        return Optional.empty();
    }
}
