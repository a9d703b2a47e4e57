package ick.identity;

import ick.problem.InvalidInputException;
import ick.project.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person who logs in to the web UI: a name, the Argon2id hash of a password ({@link PasswordHash}) and a
 * role. The password itself is never kept and the hash never leaves this class.
 */
@Entity
@Table(name = "users")
public class User {
    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;

    @Id
    @Column(length = Names.MAX_LENGTH)
    private String name;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "role", nullable = false)
    private String role;

    @Column(name = "created_at", nullable = false)
    private Instant created;

    @Column(name = "updated_at", nullable = false)
    private Instant updated;

    protected User() {
    }

    User(String name, String password, UserRole role, Instant now) {
        requireValid(name, password, role);
        this.name = name;
        this.passwordHash = PasswordHash.of(password);
        this.role = role.json();
        this.created = now;
        this.updated = now;
    }

    /** What is wrong with these values for a user, one line each; empty if nothing. */
    public static List<String> faults(String name, String password, UserRole role) {
        List<String> faults = new ArrayList<>();
        Names.problem(name).ifPresent(problem -> faults.add("user name: " + problem));
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            faults.add("password must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (role == null) {
            faults.add("role must be viewer or admin");
        }
        return faults;
    }

    /** Gives the user this password and role; false if both were already so (the hash is then kept). */
    boolean change(String password, UserRole role, Instant now) {
        requireValid(name, password, role);
        boolean samePassword = PasswordHash.matches(password, passwordHash);
        if (samePassword && role.json().equals(this.role)) {
            return false;
        }
        if (!samePassword) {
            passwordHash = PasswordHash.of(password);
        }
        this.role = role.json();
        this.updated = now;
        return true;
    }

    boolean hasPassword(String password) {
        return PasswordHash.matches(password, passwordHash);
    }

    public String name() {
        return name;
    }

    public UserRole role() {
        return UserRole.of(role);
    }

    private static void requireValid(String name, String password, UserRole role) {
        List<String> faults = faults(name, password, role);
        if (!faults.isEmpty()) {
            throw new InvalidInputException("invalid user", faults);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof User other && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    @Override
    public String toString() {
        return "User[" + name + "]";
    }
}
