package ick.project;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for names of projects, pipelines and parameters: they become directory names, URL path
 * segments and log words, so only letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter
 * or digit (so never {@code ..} or a hidden file), at most 100 characters.
 */
public final class Names {
    public static final int MAX_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Why {@code name} is not a valid name, or empty if it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("missing name");
        }
        if (isValid(name)) {
            return Optional.empty();
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("name longer than " + MAX_LENGTH + " characters");
        }
        return Optional.of("invalid name " + quote(name)
                + " (letters, digits, '.', '_' and '-' only, starting with a letter or digit)");
    }

    /** {@code text} in double quotes, with control characters and quotes escaped, shortened if long. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < 120; i++, shown++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < text.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
