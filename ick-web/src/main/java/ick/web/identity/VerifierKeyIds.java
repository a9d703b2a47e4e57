package ick.web.identity;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The key ids of the JWK set MicroProfile JWT verifies tokens with, when that set is a local file (as it is
 * when ick is its own issuer: {@code file:${ick.data-dir}/jwks.json}). smallrye-jwt answers a token whose
 * {@code kid} is not in the set with 500; knowing the ids lets ick answer 401 before it gets that far. The
 * file is read again when it changes. When the keys come from elsewhere (an external provider's URL), or the
 * file is not a JWK set, nothing is known and every token is left to MicroProfile JWT.
 */
final class VerifierKeyIds {
    private static final Logger LOG = Logger.getLogger(VerifierKeyIds.class.getName());

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(null, null);

    private record Snapshot(FileTime modified, Set<String> ids) {
    }

    private VerifierKeyIds(Path file) {
        this.file = file;
    }

    /** For {@code mp.jwt.verify.publickey.location}; empty if it is not a local file. */
    static Optional<VerifierKeyIds> forLocation(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        String path = location.substring("file:".length());
        return Optional.of(new VerifierKeyIds(Path.of(path.startsWith("//") ? path.substring(2) : path)));
    }

    /**
     * Whether a token can be told apart as signed by a key the verifier does not have: it names a
     * {@code kid} and the set, as it is now, has no key of that id. Anything not understood is not unknown.
     */
    boolean isUnknownKey(String token) {
        Optional<String> kid = keyId(token);
        if (kid.isEmpty()) {
            return false;
        }
        Set<String> ids = current();
        return ids != null && !ids.contains(kid.get());
    }

    /** The {@code kid} in a compact JWS's header, if it has one. */
    static Optional<String> keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JWSHeader.parse(new Base64URL(token.substring(0, dot))).getKeyID());
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The ids in the file, or null if it cannot be read as a JWK set. */
    private Set<String> current() {
        Snapshot seen = snapshot;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(seen.modified())) {
                return seen.ids();
            }
            List<JWK> keys = JWKSet.parse(Files.readString(file)).getKeys();
            boolean allHaveIds = keys.stream().allMatch(k -> k.getKeyID() != null);
            snapshot = new Snapshot(modified, allHaveIds ? keys.stream().map(JWK::getKeyID).collect(Collectors.toUnmodifiableSet()) : null);
            return snapshot.ids();
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.fine(() -> "cannot read the key ids of " + file + ": " + e);
            return null;
        }
    }
}
