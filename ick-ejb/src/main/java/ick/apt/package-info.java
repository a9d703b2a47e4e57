/**
 * The APT repository: ick publishes the .deb packages its trusted worker uploads in suites ({@code ci},
 * {@code release}) that users add to their apt sources, with indices ({@code Release}, {@code InRelease})
 * signed by the repository key. Debian's own tools do the work: reprepro keeps the repository
 * ({@link ick.apt.Reprepro}), gpg makes and uses the key ({@link ick.apt.RepositoryKey}), gpgv checks that
 * an upload's {@code .changes} is signed by an uploader key ({@link ick.apt.Uploaders}).
 *
 * <p>{@link ick.apt.AptService} takes an upload ({@code POST /api/v1/apt/{suite}/uploads}: a tar of one signed
 * .changes and its files), checks it ({@link ick.apt.UploadTar}, {@link ick.apt.Upload}) and includes it with
 * {@code reprepro include}; one reprepro runs at a time. WildFly's Undertow serves the published tree read-only
 * at {@code /apt/} ({@code wildfly-config/apt.cli}). Layout and operation: docs/operations.md.
 */
package ick.apt;
