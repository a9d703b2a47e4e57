package ick.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void bytesAreShownInBinaryUnitsWithOneDecimalWhenSmall() {
        assertThat(Sizes.human(0)).isEqualTo("0 B");
        assertThat(Sizes.human(1023)).isEqualTo("1023 B");
        assertThat(Sizes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(Sizes.human(20L * 1024 * 1024)).isEqualTo("20 MiB");
        assertThat(Sizes.human(3_435_973_837L)).isEqualTo("3.2 GiB");
    }
}
