package ick.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the artifact-store steps: {@code archive: workspace|systree} and {@code populate: workspace|systree}
 * (kinds of their own, like {@code shell}), with an optional {@code blob: NAME} (a valid blob name: segments
 * separated by {@code /}); and {@code network: true|false}, which lets a {@code where: container} action
 * reach the network; and the keys of {@code action: debootstrap}: {@code suite}, {@code mirror} (text),
 * {@code packages} (a list of package names), {@code variant} (text).
 */
public final class ArtifactStepRules {
    public static final String ARCHIVE = "archive";
    public static final String POPULATE = "populate";
    public static final String BLOB = "blob";
    public static final String NETWORK = "network";
    /** The keys this class checks, besides the kinds. */
    public static final Set<String> KEYS = Set.of(BLOB, NETWORK, "suite", "mirror", "packages", "variant");
    private static final List<String> DEBOOTSTRAP_KEYS = List.of("suite", "mirror", "packages", "variant");
    private static final List<String> TREES = List.of("workspace", "systree");

    private ArtifactStepRules() {
    }

    public static List<String> check(String label, Map<String, Object> step) {
        List<String> errors = new ArrayList<>();
        for (String kind : List.of(ARCHIVE, POPULATE)) {
            if (step.containsKey(kind) && (step.get(kind) == null || !TREES.contains(step.get(kind)))) {
                errors.add(label + ": \"" + kind + "\" must be workspace or systree, not "
                        + Names.quote(String.valueOf(step.get(kind))));
            }
        }
        if (step.containsKey(BLOB)) {
            if (!step.containsKey(ARCHIVE) && !step.containsKey(POPULATE)) {
                errors.add(label + ": \"blob\" goes with archive or populate only");
            }
            Object name = step.get(BLOB);
            if (!(name instanceof String text) || !validBlobName(text)) {
                errors.add(label + ": \"blob\" must be a blob name (segments of letters, digits, '.', '_' and '-'"
                        + " separated by '/'), not " + Names.quote(String.valueOf(name)));
            }
        }
        for (String key : DEBOOTSTRAP_KEYS) {
            if (step.containsKey(key) && !BuiltinActions.DEBOOTSTRAP.equals(step.get("action"))) {
                errors.add(label + ": \"" + key + "\" goes with action: debootstrap only");
            } else if (step.containsKey(key) && !(key.equals("packages") ? step.get(key) instanceof List<?> list
                    && list.stream().allMatch(p -> p instanceof String s && s.matches("[a-z0-9][a-z0-9+.-]*"))
                    : step.get(key) instanceof String)) {
                errors.add(label + ": \"" + key + "\" of debootstrap must be "
                        + (key.equals("packages") ? "a list of Debian package names" : "text"));
            }
        }
        if (step.containsKey(NETWORK) && !(step.get(NETWORK) instanceof Boolean)) {
            errors.add(label + ": \"network\" must be true or false");
        }
        return errors;
    }

    private static boolean validBlobName(String name) {
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        String[] segments = name.split("/", -1);
        if (segments.length > 8) {
            return false;
        }
        for (String segment : segments) {
            if (!Names.isValid(segment)) {
                return false;
            }
        }
        return true;
    }
}
