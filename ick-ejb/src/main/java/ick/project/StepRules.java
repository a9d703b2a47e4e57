package ick.project;

import ick.protocol.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one action of a pipeline may look like: exactly one of {@code shell} (code), {@code python} (code) or
 * {@code action} (a built-in's name), an optional {@code where} ({@code host}, {@code chroot} or
 * {@code container}), an optional {@code timeout} ({@link TimeLimit}), an optional {@code retry} (how many
 * more times the action is given out when its worker is lost, 0 to 5), and nothing else.
 */
public final class StepRules {
    public static final List<String> KINDS = List.of("shell", "python", "action", ArtifactStepRules.ARCHIVE,
            ArtifactStepRules.POPULATE);
    public static final List<String> PLACES = List.of("host", "chroot", "container");
    public static final String WHERE = "where";
    public static final String TIMEOUT = "timeout";
    public static final String RETRY = "retry";
    /** The most {@code retry} may ask for. */
    public static final int MAX_RETRY = 5;
    /** Where an action runs when its step does not say. */
    public static final String DEFAULT_PLACE = "host";

    private StepRules() {
    }

    /** Every fault of {@code step}, each prefixed with {@code label} (e.g. {@code pipeline "build", action 2}). */
    public static List<String> check(String label, Map<String, Object> step) {
        List<String> errors = new ArrayList<>();
        if (step == null || step.isEmpty()) {
            errors.add(label + ": empty action (give one of \"shell\", \"python\" or \"action\")");
            return errors;
        }
        Set<String> unknown = new TreeSet<>(step.keySet());
        unknown.removeAll(KINDS);
        unknown.remove(WHERE);
        unknown.remove(TIMEOUT);
        unknown.remove(RETRY);
        unknown.removeAll(ArtifactStepRules.KEYS);
        unknown.removeAll(DebStepRules.KEYS);
        for (String key : unknown) {
            errors.add(label + ": unknown key " + Names.quote(String.valueOf(key)));
        }
        List<String> kinds = KINDS.stream().filter(step::containsKey).toList();
        if (kinds.isEmpty()) {
            errors.add(label + ": needs one of \"shell\", \"python\" or \"action\"");
        } else if (kinds.size() > 1) {
            errors.add(label + ": has " + String.join(" and ", kinds.stream().map(k -> "\"" + k + "\"").toList())
                    + "; give only one");
        }
        for (String kind : kinds) {
            Object value = step.get(kind);
            if (!(value instanceof String text)) {
                errors.add(label + ": \"" + kind + "\" must be a string");
            } else if (kind.equals("action") && !BuiltinActions.isKnown(text)) {
                errors.add(label + ": unknown built-in action " + Names.quote(text) + " (known: "
                        + String.join(", ", BuiltinActions.names()) + ")");
            }
        }
        if (step.containsKey(WHERE) && (step.get(WHERE) == null || !PLACES.contains(step.get(WHERE)))) {
            errors.add(label + ": \"where\" must be one of " + String.join(", ", PLACES) + ", not "
                    + Names.quote(String.valueOf(step.get(WHERE))));
        }
        errors.addAll(ArtifactStepRules.check(label, step));
        errors.addAll(DebStepRules.check(label, step));
        if (step.containsKey(TIMEOUT)) {
            try {
                TimeLimit.seconds(step.get(TIMEOUT));
            } catch (IllegalArgumentException e) {
                errors.add(label + ": " + e.getMessage());
            }
        }
        if (step.containsKey(RETRY) && !(step.get(RETRY) instanceof Integer n && n >= 0 && n <= MAX_RETRY)) {
            errors.add(label + ": \"retry\" must be a whole number from 0 to " + MAX_RETRY + ", not "
                    + Names.quote(String.valueOf(step.get(RETRY))));
        }
        return errors;
    }

    /** The action's own time limit in seconds, or 0 for none ({@code step} passed {@link #check}). */
    public static long timeoutSeconds(Map<String, Object> step) {
        return step.containsKey(TIMEOUT) ? TimeLimit.seconds(step.get(TIMEOUT)) : 0;
    }

    /** How many more times the action may be given out when its worker is lost. */
    public static int retries(Map<String, Object> step) {
        return step.get(RETRY) instanceof Number n ? n.intValue() : 0;
    }
}
