package ick.db;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.SessionFactory;

/**
 * Brings schema {@code ick} up to date when the controller is deployed, then checks that the JPA mappings
 * match it. Other startup beans say {@code @DependsOn("DatabaseMigrator")}.
 *
 * <p>Why the check is here and not {@code hibernate.hbm2ddl.auto=validate} at boot: the persistence unit is
 * built while the application deploys, which may be before this bean runs, so on an empty database a boot-time
 * validation would fail before the migrations had a chance to create the tables.
 */
@Startup
@Singleton
public class DatabaseMigrator {
    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = "java:jboss/datasources/IckDS")
    DataSource dataSource;

    @PersistenceUnit(unitName = "ick")
    EntityManagerFactory emf;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void migrate() {
        MigrateResult result = Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .schemas("ick")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "schema ick: " + result.migrationsExecuted + " migration(s) applied, now at version "
                + result.targetSchemaVersion);
        emf.unwrap(SessionFactory.class).getSchemaManager().validateMappedObjects();
    }
}
