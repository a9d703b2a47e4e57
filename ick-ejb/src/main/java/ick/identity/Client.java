package ick.identity;

import ick.problem.InvalidInputException;
import ick.project.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A client of the API known to the token issuer: an id, the hash of its secret and the scopes it may be
 * granted. The secret itself is never kept and the hash never leaves this class.
 */
@Entity
@Table(name = "client")
public class Client {
    static final int MIN_SECRET_LENGTH = 8;
    static final int MAX_SECRET_LENGTH = 1024;

    /** A name by the rule of every name in ick ({@link Names}). */
    @Id
    @Column(length = Names.MAX_LENGTH)
    private String id;

    @Column(name = "secret_hash", nullable = false)
    private String secretHash;

    /** Space-separated, sorted: the OAuth2 form. */
    @Column(name = "scopes", nullable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false)
    private Instant created;

    @Column(name = "updated_at", nullable = false)
    private Instant updated;

    protected Client() {
    }

    /** A new client; {@link #faults} must be empty for these values. */
    Client(String id, String secret, Collection<String> scopes, Instant now) {
        requireValid(id, secret, scopes);
        this.id = id;
        this.secretHash = SecretHash.of(secret);
        this.scopes = Scopes.format(scopes);
        this.created = now;
        this.updated = now;
    }

    /**
     * What is wrong with these values for a client, one line each; empty if nothing. The id is a name
     * ({@link Names}), the secret 8 to 1024 characters, the scopes scopes of the API.
     */
    public static List<String> faults(String id, String secret, Collection<String> scopes) {
        List<String> faults = new ArrayList<>();
        Names.problem(id).ifPresent(problem -> faults.add("client id: " + problem));
        if (secret == null || secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            faults.add("secret must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " characters");
        }
        if (scopes == null || scopes.stream().anyMatch(Objects::isNull)) {
            faults.add("scopes must be a list of scope names");
        } else if (!Scopes.unknown(scopes).isEmpty()) {
            faults.add("unknown scopes: " + String.join(" ", Scopes.unknown(scopes)));
        }
        return faults;
    }

    /**
     * Gives the client this secret and these scopes. Returns whether anything changed: the same secret and
     * scopes again leave the client (and its hash) exactly as it was.
     */
    /** Whether it holds every scope of an admin ({@link Scopes#ADMIN}). */
    boolean isAdmin() {
        return Scopes.parse(scopes).containsAll(Scopes.ADMIN);
    }

    boolean change(String secret, Collection<String> scopes, Instant now) {
        requireValid(id, secret, scopes);
        boolean sameSecret = SecretHash.matches(secret, secretHash);
        String newScopes = Scopes.format(scopes);
        if (sameSecret && newScopes.equals(this.scopes)) {
            return false;
        }
        if (!sameSecret) {
            secretHash = SecretHash.of(secret);
        }
        this.scopes = newScopes;
        this.updated = now;
        return true;
    }

    /** Whether {@code secret} is this client's secret (constant-time comparison of hashes). */
    boolean hasSecret(String secret) {
        return SecretHash.matches(secret, secretHash);
    }

    public String id() {
        return id;
    }

    public Set<String> scopes() {
        return Scopes.parse(scopes);
    }

    public Instant created() {
        return created;
    }

    public Instant updated() {
        return updated;
    }

    private static void requireValid(String id, String secret, Collection<String> scopes) {
        List<String> faults = faults(id, secret, scopes);
        if (!faults.isEmpty()) {
            throw new InvalidInputException("invalid client", faults);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Client other && Objects.equals(id, other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return "Client[" + id + "]";
    }
}
