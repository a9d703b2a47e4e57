/**
 * ick's own database: the schema is made only by the Flyway migrations of {@code db/migrations} (classpath
 * {@code db/migration}), applied at deployment by {@link ick.db.DatabaseMigrator} into schema {@code ick},
 * after which the JPA mappings are validated against it. Also how structured values (parameters, steps)
 * are kept: canonical JSON text.
 */
package ick.db;
