package ick.project;

import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in actions a pipeline may name with {@code action: NAME}: the worker implements each. Add a name
 * here when a worker learns a new built-in.
 */
public final class BuiltinActions {
    /** Makes the build's workspace (empty, or from the previous build); every build graph starts with it. */
    public static final String CREATE_WORKSPACE = "create_workspace";
    /** Clones or updates a git repository into the workspace (parameters {@code git_url}, {@code git_ref}, {@code git_dir}). */
    public static final String GIT = "git";
    /** Makes the project's Debian system tree (step keys {@code suite}, {@code mirror}, {@code packages}, {@code variant}). */
    public static final String DEBOOTSTRAP = "debootstrap";
    /**
     * Builds the Debian source package of the workspace in a container of the project's system tree and
     * stores the results as blobs {@code debs/PROJECT/BUILD_NUMBER/*} (step keys {@code source}, {@code network}).
     */
    public static final String DEB = "deb";

    private static final Set<String> KNOWN = Set.of(CREATE_WORKSPACE, GIT, DEBOOTSTRAP, DEB);

    private BuiltinActions() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    public static Set<String> names() {
        return new TreeSet<>(KNOWN);
    }
}
