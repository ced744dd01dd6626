package dev.jobs.spec;

import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The promise a release makes to its consumers: until the major version is raised, a new version of
 * the contract breaks nothing the last release offered. The releases' contracts are kept in {@code
 * api-spec/released/job-api-<version>.yaml} (written by bin/release.sh).
 */
final class ContractGate {

  static final Path CONTRACT = Path.of("job-api.yaml");
  static final Path RELEASED = Path.of("released");
  private static final Pattern RELEASE = Pattern.compile("job-api-(\\d+)\\.(\\d+)\\.(\\d+)\\.yaml");

  private ContractGate() {}

  /** A released contract: its file and version. */
  record Release(Path file, int major, int minor, int patch) {
    String version() {
      return major + "." + minor + "." + patch;
    }
  }

  /** The latest release in the directory, by semantic version; empty before the first. */
  static Optional<Release> latestRelease(Path released) {
    if (!Files.isDirectory(released)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(released)) {
      return files
          .map(
              file ->
                  Optional.of(RELEASE.matcher(file.getFileName().toString()))
                      .filter(Matcher::matches)
                      .map(
                          m ->
                              new Release(
                                  file,
                                  Integer.parseInt(m.group(1)),
                                  Integer.parseInt(m.group(2)),
                                  Integer.parseInt(m.group(3)))))
          .flatMap(Optional::stream)
          .max(
              Comparator.comparingInt(Release::major)
                  .thenComparingInt(Release::minor)
                  .thenComparingInt(Release::patch));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What {@code current} breaks of {@code released}, in words; nothing if its major version is
   * higher (a new major may break, and says so in its release notes).
   */
  static List<ContractChanges.Change> broken(String released, String current) {
    if (major(version(current)) > major(version(released))) {
      return List.of();
    }
    return ContractChanges.between(released, current).stream()
        .filter(ContractChanges.Change::breaking)
        .toList();
  }

  /** The contract's {@code info.version}. */
  static String version(String contract) {
    return new OpenAPIV3Parser().readContents(contract).getOpenAPI().getInfo().getVersion();
  }

  static int major(String version) {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }
}
