/**
 * The HTTP side of {@code ick.tls}: the answers to the ACME CA's HTTP-01 challenges at
 * {@code /.well-known/acme-challenge/{token}} (public, plain HTTP, outside the API's security), and the
 * redirect of plain HTTP to HTTPS once a certificate is served (except those challenges, which the CA fetches
 * over plain HTTP).
 */
package ick.web.tls;
