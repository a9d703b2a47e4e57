package ick.identity;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization codes handed out after a login and not yet exchanged for tokens. Each is random, lives a
 * minute and can be redeemed once. Kept in memory: a code is used within seconds by the same controller, and
 * a restart in between only means logging in again.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AuthorizationCodes {
    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a code stands for: who logged in, for which client, and what the token request must prove. */
    public record Grant(String clientId, String redirectUri, String codeChallenge, String nonce, UserInfo user,
                        Instant expires) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    Clock clock = Clock.systemUTC();

    public String issue(String clientId, String redirectUri, String codeChallenge, String nonce, UserInfo user) {
        Instant now = clock.instant();
        grants.values().removeIf(g -> g.expires().isBefore(now));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(code, new Grant(clientId, redirectUri, codeChallenge, nonce, user, now.plus(LIFETIME)));
        return code;
    }

    /** The grant of a code that exists and has not expired; the code is gone afterwards either way. */
    public Optional<Grant> redeem(String code) {
        Grant grant = code == null ? null : grants.remove(code);
        return Optional.ofNullable(grant).filter(g -> g.expires().isAfter(clock.instant()));
    }
}
