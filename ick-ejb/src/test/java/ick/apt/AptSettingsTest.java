package ick.apt;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AptSettingsTest {
    private static AptSettings settings(String suites, String architectures) {
        return new AptSettings(Path.of("/x"), AptSettings.words(suites), AptSettings.words(architectures),
                Optional.empty(), Path.of("/x/uploaders"), 1, Duration.ofSeconds(1));
    }

    @Test
    void allIsDroppedBecauseRepreproPutsItIntoEveryArchitecture() {
        assertThat(settings("ci, release", "amd64 all source").architectures()).containsExactly("amd64", "source");
    }

    @Test
    void aSuiteNameThatCouldEscapeTheConfigurationIsRefused() {
        assertThatThrownBy(() -> settings("ci,../x", "amd64")).hasMessageContaining("\"../x\"");
        assertThatThrownBy(() -> settings("ci", "all")).hasMessageContaining("at least one");
    }

    @Test
    void distributionsHaveOneStanzaPerSuiteSignedWithTheKey() {
        String text = Distributions.of(List.of("ci", "release"), List.of("amd64", "source"), "ABCD");
        assertThat(text.split("\n\n")).hasSize(2);
        assertThat(text).contains("Codename: ci\n").contains("Codename: release\n").contains("SignWith: ABCD\n")
                .contains("Architectures: amd64 source\n").contains("Components: main\n");
    }

    @Test
    void fingerprintsOfPrimaryKeysOnly() {
        String colons = """
                sec:u:255:22:5B2EEE81077F2BE6:1795630755:::u:::scSC:::+::ed25519:::0:
                fpr:::::::::B83403A04F234AC19A14C4555B2EEE81077F2BE6:
                grp:::::::::A7B73F91282A721B97886EC1D9239B6205BF3497:
                uid:u::::1795630755::17FD::ick archive key::::::::::0:
                ssb:u:255:18:1111:1795630755::::::e:::+::cv25519::
                fpr:::::::::SUBKEYFINGERPRINT:
                """;
        assertThat(RepositoryKey.fingerprints(colons, "sec")).containsExactly("B83403A04F234AC19A14C4555B2EEE81077F2BE6");
    }
}
