package ick.identity;

import ick.problem.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives a new installation its first credentials: when {@value #SECRET_FILE} (system property, or environment
 * variable {@code ICK_BOOTSTRAP_ADMIN_SECRET_FILE}) names a readable file, makes sure the client
 * {@value #ADMIN} exists with the secret in that file (surrounding white space ignored) and every scope.
 * Runs at each start, after the schema migrations; an unchanged file changes nothing.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class AdminBootstrap {
    static final String SECRET_FILE = "ick.bootstrap.admin-secret-file";
    static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    ClientService clients;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        Optional<String> file = ConfigProvider.getConfig().getOptionalValue(SECRET_FILE, String.class);
        if (file.isEmpty()) {
            return;
        }
        Path path = Path.of(file.get());
        String secret;
        try {
            warnIfOthersCanRead(path);
            secret = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            LOG.warning(() -> SECRET_FILE + " is " + path + ", which cannot be read (" + e
                    + "); client " + ADMIN + " left as it is");
            return;
        }
        try {
            ClientService.Outcome outcome;
            try {
                outcome = clients.put(ADMIN, secret, Scopes.ADMIN);
            } catch (EJBException e) {
                // Two controllers starting together on a new database both found no admin client and both
                // created it; the loser's insert broke the unique key. Now the row is there: update it.
                LOG.info(() -> "Client " + ADMIN + " was created meanwhile by another controller (" + e + "); trying again");
                outcome = clients.put(ADMIN, secret, Scopes.ADMIN);
            }
            ClientService.Outcome result = outcome;
            LOG.info(() -> "Client " + ADMIN + " from " + path + ": " + result.name().toLowerCase(java.util.Locale.ROOT));
        } catch (InvalidInputException e) {
            LOG.warning(() -> "Client " + ADMIN + " not set from " + path + ": " + String.join("; ", e.errors()));
        }
    }

    private static void warnIfOthersCanRead(Path path) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        if (perms.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.warning(() -> path + " holds the admin secret but everyone can read it: chmod o-r it");
        }
    }
}
