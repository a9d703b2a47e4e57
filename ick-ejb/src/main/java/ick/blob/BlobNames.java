package ick.blob;

import ick.project.Names;
import java.util.Optional;

/**
 * The rule for blob names: one to eight {@code /}-separated segments, each a valid {@link Names name}
 * (so never empty, {@code .}, {@code ..} or hidden), at most 255 characters in all. So a name is never
 * absolute, never climbs out of the store, and holds no control character.
 */
public final class BlobNames {
    public static final int MAX_LENGTH = 255;
    public static final int MAX_SEGMENTS = 8;

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
            if (!Names.isValid(segment)) {
                return Optional.of("invalid blob name " + Names.quote(name) + " (segments separated by '/',"
                        + " each of letters, digits, '.', '_' and '-', starting with a letter or digit;"
                        + " no '..', no leading '/')");
            }
        }
        return Optional.empty();
    }
}
