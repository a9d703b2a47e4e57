/**
 * TLS: the controller's HTTPS certificate, obtained from an ACME certificate authority (Let's Encrypt by
 * default) and renewed on its own.
 *
 * <p>{@link ick.tls.TlsService} checks every {@code ick.tls.check-interval-seconds} whether a certificate is
 * due ({@link ick.tls.RenewalPolicy}: none yet, other domains, fewer than {@code ick.tls.renew-before-days}
 * left, or a renewal was asked for), and if so runs an ACME order ({@link ick.tls.AcmeOrder}) whose HTTP-01
 * challenges the web module answers from {@link ick.tls.Http01Challenges} at
 * {@code /.well-known/acme-challenge/{token}} on the plain HTTP port. The account key and the domain key are
 * made once and kept 0600 in {@code ${ick.data-dir}/tls/} ({@link ick.tls.TlsKeys}).
 *
 * <p>A new certificate goes into the PKCS12 key store that Elytron's {@code ick-tls} key store reads
 * ({@code wildfly-config/tls.cli}); {@link ick.tls.ElytronKeyStore} then asks Elytron, through the server's
 * own management API on the loopback interface, to re-read it. New connections get the new certificate, open
 * ones are not dropped, nothing restarts.
 *
 * <p>A failed order keeps the served certificate, records its reason in {@link ick.tls.TlsCertificate} (the
 * {@code tls_certificate} row, shown by {@code GET /api/v1/tls}) and is retried after a backoff that doubles
 * with each failure.
 */
package ick.tls;
