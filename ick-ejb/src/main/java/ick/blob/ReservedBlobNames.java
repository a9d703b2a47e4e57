package ick.blob;

import ick.identity.Scopes;
import java.util.Optional;

/**
 * Blob names that only some clients may write. {@code release-tag/PROJECT/NUMBER} is a trusted worker's
 * evidence that the build's release tag verified against the maintainers' keyring ({@code publish_debs} checks
 * it again before anything goes into the release suite), so only a client with the scope {@link Scopes#TRUSTED}
 * writes there: not an ordinary worker, which runs a repository's code, nor the admin. Pure.
 */
public final class ReservedBlobNames {
    /** Where the trusted {@code git} action keeps a verified release tag's object. */
    public static final String RELEASE_TAG = "release-tag/";

    private ReservedBlobNames() {
    }

    /** The scope a client needs, beyond {@code uapi_blobs_put}, to write blob {@code name}; empty if none. */
    public static Optional<String> scopeToWrite(String name) {
        return name != null && name.startsWith(RELEASE_TAG) ? Optional.of(Scopes.TRUSTED) : Optional.empty();
    }

    /** Why a client without {@code scope} may not write {@code name}. */
    public static String refusal(String name, String scope) {
        return "blob " + name + " is under " + RELEASE_TAG + ", which only a trusted worker (a client with scope "
                + scope + ") writes: it is the evidence of a verified release tag";
    }
}
