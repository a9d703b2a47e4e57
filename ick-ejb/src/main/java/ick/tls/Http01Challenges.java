package ick.tls;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-01 challenges of the order in progress: the CA fetches
 * {@code http://<domain>/.well-known/acme-challenge/<token>} and expects the key authorization. Only
 * tokens of a running order are answered; they are public by design (RFC 8555 section 8.3).
 */
@ApplicationScoped
public class Http01Challenges {
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    /** The answer to the challenge {@code token}, if an order is waiting for it. */
    public Optional<String> answer(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(answers.get(token));
    }

    void put(String token, String keyAuthorization) {
        answers.put(token, keyAuthorization);
    }

    void remove(String token) {
        answers.remove(token);
    }
}
