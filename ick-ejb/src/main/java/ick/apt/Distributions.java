package ick.apt;

import java.util.List;

/**
 * reprepro's configuration, written by ick at each start from {@link AptSettings} (so a change of suites,
 * architectures or key takes effect at the next start; edits by hand are overwritten): {@code conf/distributions}
 * with one stanza per suite, and {@code conf/options}, which puts the published tree ({@code dists/},
 * {@code pool/}) under {@code public/} so that only it is served, never {@code conf/}, {@code db/} or the key.
 */
final class Distributions {
    static final String OPTIONS = "outdir +b/public\n";

    private Distributions() {
    }

    static String of(List<String> suites, List<String> architectures, String fingerprint) {
        StringBuilder text = new StringBuilder();
        for (String suite : suites) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append("Origin: ick\n")
                    .append("Label: ick\n")
                    .append("Suite: ").append(suite).append('\n')
                    .append("Codename: ").append(suite).append('\n')
                    .append("Components: ").append(AptSettings.COMPONENT).append('\n')
                    .append("Architectures: ").append(String.join(" ", architectures)).append('\n')
                    .append("SignWith: ").append(fingerprint).append('\n')
                    .append("Description: ick's ").append(suite).append(" suite\n");
        }
        return text.toString();
    }
}
