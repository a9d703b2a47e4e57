package ick.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The values of the parameters that name a trusted worker's secrets ({@link BuiltinActions#SECRET_PARAMETERS}) must
 * be such names, as the worker's secrets directory takes them (lower-case letters, digits, {@code .}, {@code _},
 * {@code -}): a key pasted into a project file instead of its name is refused before it is stored, and the
 * refusal never repeats the value, which may be that key.
 */
final class SecretParameterRules {
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private SecretParameterRules() {
    }

    /** One line per secret parameter of {@code parameters} whose value is not a secret's name. */
    static List<String> check(String label, Map<String, Object> parameters) {
        List<String> errors = new ArrayList<>();
        for (String parameter : new TreeSet<>(parameters.keySet())) {
            if (!BuiltinActions.SECRET_PARAMETERS.contains(parameter)) {
                continue;
            }
            Object value = parameters.get(parameter);
            if (!(value instanceof String name) || !SECRET_NAME.matcher(name).matches()) {
                errors.add(label + ", parameter " + Names.quote(parameter) + ": the value must be the name of a secret"
                        + " on the trusted worker (1 to 100 lower-case letters, digits, '.', '_' and '-', starting with"
                        + " a letter or digit), never the secret itself; " + described(value) + " is not such a name");
            }
        }
        return errors;
    }

    /** What the value is, without its content. */
    private static String described(Object value) {
        if (value instanceof String text) {
            return "the value given (" + text.length() + " characters, not shown)";
        }
        return value == null ? "an empty value" : "a " + (value instanceof Map ? "map" : value instanceof List ? "list"
                : "non-text value");
    }
}
