package ick.protocol;

import java.util.List;

/**
 * The controller's APT repository ({@code GET /api/v1/apt}): the key that signs its indices and what each suite
 * holds.
 *
 * @param url         where the repository is served, relative to the controller ({@code /apt})
 * @param fingerprint the repository key's fingerprint (its public half is {@code /apt/ick-archive-keyring.asc})
 * @param suites      the suites, in configuration order
 */
public record AptRepository(String url, String fingerprint, List<Suite> suites) {
    public AptRepository {
        suites = List.copyOf(suites);
    }

    /**
     * One suite (reprepro's {@code Codename}).
     *
     * @param suite         its name, as in {@code deb URL SUITE main}
     * @param components    its components ({@code main})
     * @param architectures the architectures of its indices ({@code amd64}, {@code source}...)
     * @param packages      what it holds, sorted by name, then architecture
     */
    public record Suite(String suite, List<String> components, List<String> architectures, List<Package> packages) {
        public Suite {
            components = List.copyOf(components);
            architectures = List.copyOf(architectures);
            packages = List.copyOf(packages);
        }
    }

    /**
     * A binary or source package in a suite.
     *
     * @param name         the package name
     * @param version      its version
     * @param architecture {@code source} for a source package, else the package's own ({@code amd64}, {@code all})
     * @param source       the source package it was built from (itself for a source package)
     */
    public record Package(String name, String version, String architecture, String source) {
    }
}
