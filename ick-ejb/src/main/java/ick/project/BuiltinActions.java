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

    /**
     * Signs the build's .deb upload ({@code debs/PROJECT/BUILD_NUMBER/files}) with the trusted worker's PGP key
     * and uploads it to the controller's APT repository (parameters {@code pgp_key}, {@code apt_suite},
     * {@code git_ref}, {@code release_keyring}). Only in a trusted pipeline.
     */
    public static final String PUBLISH_DEBS = "publish_debs";

    /**
     * What a {@code trusted: true} pipeline may run: these built-ins ({@code archive} and {@code populate} are
     * step kinds of their own), never {@code shell}, {@code python} or a {@code where:} other than the host.
     */
    public static final Set<String> TRUSTED_ONLY_ALLOWED = Set.of(CREATE_WORKSPACE, GIT, ArtifactStepRules.ARCHIVE,
            ArtifactStepRules.POPULATE, PUBLISH_DEBS);

    /** The built-ins that need a trusted worker's secrets, and so run only in trusted pipelines. */
    public static final Set<String> TRUSTED_ONLY = Set.of(PUBLISH_DEBS);

    /**
     * The parameters whose values name secrets on the trusted worker ({@code git}'s {@code ssh_key} and
     * {@code release_keyring}, {@code publish_debs}' {@code pgp_key}): only the project file chooses them.
     */
    public static final Set<String> SECRET_PARAMETERS = Set.of("ssh_key", "pgp_key", "release_keyring");

    private static final Set<String> KNOWN = Set.of(CREATE_WORKSPACE, GIT, DEBOOTSTRAP, DEB, PUBLISH_DEBS);

    private BuiltinActions() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    public static Set<String> names() {
        return new TreeSet<>(KNOWN);
    }
}
