package ick.web.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ick.identity.Scopes;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every scope a resource asks for is one ick.identity.Scopes knows (so some client can be given it), and back. */
class RolesAllowedScopesTest {
    @Test
    void everyRoleAResourceNeedsIsAKnownScope() throws Exception {
        assertThat(Scopes.unknown(rolesUsed())).as("@RolesAllowed values that are not scopes").isEmpty();
    }

    @Test
    void everyScopeGuardsSomeResource() throws Exception {
        Set<String> unused = new TreeSet<>(Scopes.ALL);
        unused.removeAll(rolesUsed());
        unused.removeAll(Scopes.MARKERS); // they say what a client is (a trusted worker), not where it may go
        assertThat(unused).as("scopes no resource asks for").isEmpty();
    }

    private static Set<String> rolesUsed() throws IOException, ClassNotFoundException {
        Set<String> roles = new TreeSet<>();
        for (Class<?> type : apiClasses()) {
            List<RolesAllowed> found = new ArrayList<>();
            found.add(type.getAnnotation(RolesAllowed.class));
            for (Method m : type.getDeclaredMethods()) {
                found.add(m.getAnnotation(RolesAllowed.class));
            }
            found.stream().filter(r -> r != null).forEach(r -> roles.addAll(List.of(r.value())));
        }
        return roles;
    }

    private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
        Path dir = Path.of("target/classes/ick/web/api");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = "ick.web.api." + f.getFileName().toString().replace(".class", "");
                classes.add(Class.forName(name, false, RolesAllowedScopesTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
