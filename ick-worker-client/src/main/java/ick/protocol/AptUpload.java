package ick.protocol;

import java.util.List;

/**
 * What the controller's APT repository took from an upload ({@code POST /api/v1/apt/{suite}/uploads}, answered
 * 201): the source package and version now in the suite, and the files of the upload (the {@code .changes}
 * first, then those it lists).
 *
 * @param suite   the suite the packages went into ({@code ci}, {@code release})
 * @param source  the source package's name ({@code Source:} of the {@code .changes})
 * @param version its version ({@code Version:})
 * @param files   the file names of the upload
 */
public record AptUpload(String suite, String source, String version, List<String> files) {
    public AptUpload {
        files = List.copyOf(files);
    }
}
