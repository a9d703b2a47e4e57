package ick.apt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names a file of an upload may have: one path segment of the characters Debian uses in package file names
 * (letters, digits, {@code . + ~ _ -}), starting with a letter or digit, never {@code ..}: a name is only ever
 * resolved inside the upload's own directory.
 */
final class UploadNames {
    static final int MAX_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_-]{0," + (MAX_LENGTH - 1) + "}");

    private UploadNames() {
    }

    /** Why {@code name} is not a file name of an upload, or empty if it is one. */
    static Optional<String> problem(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.of("file name " + quote(name) + " is not allowed (one name of letters, digits and"
                    + " . + ~ _ -, no directories, no \"..\", at most " + MAX_LENGTH + " characters)");
        }
        return Optional.empty();
    }

    /** {@code text} in double quotes, control characters escaped, shortened if long: safe to echo back. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        return ick.project.Names.quote(text);
    }
}
