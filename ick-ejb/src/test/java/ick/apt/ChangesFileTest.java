package ick.apt;

import ick.problem.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangesFileTest {
    private static final String SHA = "9c28f43c3e4b95cc2c0c7b853c3a4390d81140ba522ea95962e3e564b89aa4c9";
    private static final String CHANGES = """
            Format: 1.8
            Source: hello-ick
            Binary: hello-ick
            Architecture: source all
            Version: 1:1.0+ci42-1
            Distribution: unstable
            Description:
             hello-ick  - a package
            Checksums-Sha256:
             %s 460 hello-ick_1.0+ci42-1.dsc
             %s 812 hello-ick_1.0+ci42-1_all.deb
            Files:
             20ca51d63ca801285084ef1b5e2785dd 460 misc optional hello-ick_1.0+ci42-1.dsc
            """.formatted(SHA, SHA);

    @Test
    void readsSourceVersionArchitecturesAndFiles() {
        ChangesFile changes = ChangesFile.parse("x.changes", CHANGES);
        assertThat(changes.source()).isEqualTo("hello-ick");
        assertThat(changes.version()).isEqualTo("1:1.0+ci42-1");
        assertThat(changes.architectures()).containsExactly("source", "all");
        assertThat(changes.files()).containsExactly(
                new ChangesFile.FileEntry("hello-ick_1.0+ci42-1.dsc", 460, SHA),
                new ChangesFile.FileEntry("hello-ick_1.0+ci42-1_all.deb", 812, SHA));
    }

    @Test
    void aListedFileWithADirectoryIsRefused() {
        assertThatThrownBy(() -> ChangesFile.parse("x.changes", CHANGES.replace(" hello-ick_1.0+ci42-1_all.deb",
                " ../hello-ick_1.0+ci42-1_all.deb")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors())
                        .anyMatch(s -> s.contains("\"../hello-ick_1.0+ci42-1_all.deb\" is not allowed")));
    }

    @Test
    void everyFaultIsListed() {
        String bad = CHANGES.replace("Source: hello-ick", "Source: Hello Ick!").replace("Version: 1:1.0+ci42-1",
                "Version: ;rm -rf").replace(SHA + " 812", "nothex 812");
        assertThatThrownBy(() -> ChangesFile.parse("x.changes", bad))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).hasSize(3));
    }

    @Test
    void withoutChecksumsItIsRefused() {
        assertThatThrownBy(() -> ChangesFile.parse("x.changes", "Source: a1\nVersion: 1.0\nArchitecture: all\n"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors())
                        .containsExactly("x.changes: no Checksums-Sha256 (dpkg-genchanges writes it)"));
    }
}
