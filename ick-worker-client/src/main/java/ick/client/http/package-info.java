/**
 * The one HTTP client of the worker and icktool: it gets and caches tokens from the token endpoint
 * (client-credentials grant), calls {@code {controller}/api/v1} with JSON in {@link ick.protocol.Json}'s
 * mapping, turns a refused call into a {@link ick.client.http.ProblemException} carrying the server's
 * {@link ick.protocol.Problem}, and a controller that cannot be reached into an
 * {@link ick.client.http.UnreachableException}. TLS trusts the system's CAs plus an optional PEM file; there
 * is deliberately no way to accept any certificate. {@link ick.client.http.ClientConfig} is the
 * {@code controller}/{@code client-id}/{@code secret-file} part of the configuration both programs read.
 */
package ick.client.http;
