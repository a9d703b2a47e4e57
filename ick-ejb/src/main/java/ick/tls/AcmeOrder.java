package ick.tls;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * One ACME order (RFC 8555) with acme4j: find or create the account of the account key, order the domains,
 * answer each HTTP-01 challenge through {@link Http01Challenges}, finalize with the domain key, download the
 * chain. Every failure becomes a {@link TlsFailure} whose message names the step and the CA's reason.
 */
final class AcmeOrder {
    private static final Logger LOG = Logger.getLogger(AcmeOrder.class.getName());
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

    private final TlsSettings settings;
    private final Http01Challenges challenges;

    AcmeOrder(TlsSettings settings, Http01Challenges challenges) {
        this.settings = settings;
        this.challenges = challenges;
    }

    /** The new certificate chain, leaf first. */
    List<X509Certificate> obtain(KeyPair accountKey, KeyPair domainKey) throws TlsFailure, InterruptedException {
        String step = "connecting to the ACME server " + settings.acmeDirectory();
        try {
            Session session = session();
            step = "creating or finding the ACME account";
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey);
            settings.contact().ifPresent(builder::addEmail);
            Account account = builder.create(session);
            step = "ordering a certificate for " + settings.domains();
            Order order = account.newOrder().domains(settings.domains()).create();
            for (Authorization auth : order.getAuthorizations()) {
                step = "validating " + auth.getIdentifier().getDomain();
                authorize(auth);
            }
            step = "finalizing the order";
            order.waitUntilReady(STEP_TIMEOUT);
            order.execute(domainKey);
            Status status = order.waitForCompletion(STEP_TIMEOUT);
            if (status != Status.VALID) {
                throw new TlsFailure("the order ended " + status + describe(order.getError()), null);
            }
            step = "downloading the certificate";
            return new ArrayList<>(order.getCertificate().getCertificateChain());
        } catch (AcmeRateLimitedException e) {
            throw new TlsFailure(step + ": rate limited by the CA" + describe(Optional.of(e.getProblem()))
                    + e.getRetryAfter().map(t -> "; retry after " + t).orElse(""), e, e.getRetryAfter());
        } catch (AcmeServerException e) {
            throw new TlsFailure(step + ": the CA refused" + describe(Optional.of(e.getProblem())), e);
        } catch (AcmeException e) {
            throw new TlsFailure(step + ": " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsFailure(step + ": " + e, e);
        }
    }

    private Session session() throws IOException, GeneralSecurityException {
        URI directory = settings.acmeDirectory();
        if (settings.acmeTrustPem().isPresent()) {
            return new Session(directory, new PrivateCaProvider(settings.acmeTrustPem().get()));
        }
        return new Session(directory);
    }

    private void authorize(Authorization auth) throws AcmeException, TlsFailure, InterruptedException {
        if (auth.getStatus() == Status.VALID) {
            return; // the CA still remembers a recent validation
        }
        String domain = auth.getIdentifier().getDomain();
        Http01Challenge challenge = auth.findChallenge(Http01Challenge.class).orElseThrow(() -> new TlsFailure(
                "the CA offers no HTTP-01 challenge for " + domain, null));
        challenges.put(challenge.getToken(), challenge.getAuthorization());
        try {
            LOG.info(() -> "ACME: answering the HTTP-01 challenge for " + domain);
            challenge.trigger();
            Status status = challenge.waitForCompletion(STEP_TIMEOUT);
            if (status != Status.VALID) {
                throw new TlsFailure("the CA could not validate " + domain + " over HTTP (it fetches http://" + domain
                        + "/.well-known/acme-challenge/... on port 80)" + describe(challenge.getError()), null);
            }
        } finally {
            challenges.remove(challenge.getToken());
        }
    }

    private static String describe(Optional<Problem> problem) {
        return problem.map(p -> {
            StringBuilder s = new StringBuilder(": ").append(p.getDetail().orElse(p.getType().toString()));
            for (Problem sub : p.getSubProblems()) {
                s.append("; ").append(sub.getDetail().orElse(sub.getType().toString()));
            }
            return s.toString();
        }).orElse("");
    }
}
