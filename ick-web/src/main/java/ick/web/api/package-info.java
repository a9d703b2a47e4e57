/**
 * The REST API, version 1 ({@code /api/v1}, contract in {@code docs/api.md}): resources that only translate
 * HTTP to the use cases of {@code ick.project}, {@code ick.build} and {@code ick.worker} (records of
 * {@code ick.protocol} in and out, never entities), each call guarded by the scope named after its route;
 * the JSON mapping; the body size limit; and the exception mappers that turn every failure into an RFC 7807
 * problem ({@code application/problem+json}).
 */
package ick.web.api;
