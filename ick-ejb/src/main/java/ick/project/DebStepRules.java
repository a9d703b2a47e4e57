package ick.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of {@code action: deb}: {@code source}, the directory of the workspace that holds {@code debian/}
 * (a relative path of plain names, not the workspace itself: dpkg-buildpackage writes its results beside it),
 * and {@code network} (checked with the artifact steps' keys). The action always runs in a container, so a
 * {@code where} other than {@code container} is refused rather than ignored.
 */
public final class DebStepRules {
    public static final String SOURCE = "source";
    /** The keys this class checks, besides {@code action}. */
    public static final Set<String> KEYS = Set.of(SOURCE);

    private DebStepRules() {
    }

    public static List<String> check(String label, Map<String, Object> step) {
        List<String> errors = new ArrayList<>();
        boolean deb = BuiltinActions.DEB.equals(step.get("action"));
        if (step.containsKey(SOURCE)) {
            if (!deb) {
                errors.add(label + ": \"source\" goes with action: deb only");
            } else if (!(step.get(SOURCE) instanceof String path) || !isSourcePath(path)) {
                errors.add(label + ": \"source\" of deb must be a directory inside the workspace (names separated"
                        + " by '/', no '..'), not " + Names.quote(String.valueOf(step.get(SOURCE))));
            }
        }
        if (deb && step.containsKey(StepRules.WHERE) && !"container".equals(step.get(StepRules.WHERE))) {
            errors.add(label + ": action: deb always runs in a container of the project's system tree; drop"
                    + " \"where\"");
        }
        return errors;
    }

    /** A relative path of valid names, so never the workspace itself, absolute or climbing out. */
    public static boolean isSourcePath(String path) {
        String[] segments = path.split("/", -1);
        if (path.length() > 255 || segments.length > 16) {
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
