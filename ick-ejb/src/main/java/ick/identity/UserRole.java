package ick.identity;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a human user may do. The web UI sees it as the token's {@code roles} claim (WildFly's OIDC client maps
 * that claim to roles); the API sees the scopes it stands for.
 */
public enum UserRole {
    /** Sees everything a build leaves behind: projects, builds, logs, workers. Changes nothing. */
    VIEWER,
    /** Also changes things: triggers and cancels builds, and everything else the API allows. */
    ADMIN;

    /** The UI role names, as in the {@code roles} claim and {@code isUserInRole}. */
    public static final String VIEWER_ROLE = "viewer";
    public static final String ADMIN_ROLE = "admin";

    /** Every reading scope of the API except those of workers' and of identity administration. */
    static final Set<String> VIEWER_SCOPES = Scopes.ALL.stream()
            .filter(s -> s.endsWith("_get") && !s.equals(Scopes.WORK_GET) && !s.equals(Scopes.CLIENTS_GET))
            .collect(Collectors.toUnmodifiableSet());

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a word ({@code viewer}, {@code admin}); null for anything else. */
    public static UserRole of(String word) {
        for (UserRole role : values()) {
            if (role.json().equals(word)) {
                return role;
            }
        }
        return null;
    }

    public Set<String> scopes() {
        return this == ADMIN ? Scopes.ADMIN : VIEWER_SCOPES;
    }

    /** The roles of the {@code roles} claim: an admin is a viewer too. */
    public List<String> roles() {
        return this == ADMIN ? List.of(VIEWER_ROLE, ADMIN_ROLE) : List.of(VIEWER_ROLE);
    }
}
