package ick.identity;

import ick.problem.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
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
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives a new installation its first web UI user, as {@link AdminBootstrap} gives it its first client: when
 * {@value #PASSWORD_FILE} (or {@code ICK_BOOTSTRAP_ADMIN_PASSWORD_FILE}) names a readable file, makes sure the
 * user {@value #ADMIN} exists with role admin and the password in that file. An unchanged file changes nothing.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class UserBootstrap {
    static final String PASSWORD_FILE = "ick.bootstrap.admin-password-file";
    static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(UserBootstrap.class.getName());

    @Inject
    UserService users;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        Optional<String> file = ConfigProvider.getConfig().getOptionalValue(PASSWORD_FILE, String.class);
        if (file.isEmpty()) {
            return;
        }
        Path path = Path.of(file.get());
        String password;
        try {
            if (Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warning(() -> path + " holds the admin password but everyone can read it: chmod o-r it");
            }
            password = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            LOG.warning(() -> PASSWORD_FILE + " is " + path + ", which cannot be read (" + e + "); user " + ADMIN + " left as it is");
            return;
        }
        try {
            ClientService.Outcome outcome = users.put(ADMIN, password, UserRole.ADMIN.json());
            LOG.info(() -> "User " + ADMIN + " from " + path + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT));
        } catch (InvalidInputException e) {
            LOG.warning(() -> "User " + ADMIN + " not set from " + path + ": " + String.join("; ", e.errors()));
        }
    }
}
