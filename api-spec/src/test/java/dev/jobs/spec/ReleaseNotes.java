package dev.jobs.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The CHANGELOG.md section of a release: the contract's changes since the last release, from the
 * same comparison the gate makes, breaking ones first. Run by bin/release.sh, from api-spec: {@code
 * ReleaseNotes <version>}; prints the section.
 */
public final class ReleaseNotes {

  private ReleaseNotes() {}

  public static void main(String[] args) throws Exception {
    Path spec = Path.of(args[0]);
    String version = args[1];
    String current = Files.readString(spec.resolve(ContractGate.CONTRACT));
    Optional<ContractGate.Release> previous =
        ContractGate.latestRelease(spec.resolve(ContractGate.RELEASED));
    System.out.print(section(version, previous, current));
  }

  static String section(String version, Optional<ContractGate.Release> previous, String current)
      throws Exception {
    StringBuilder notes = new StringBuilder("## " + version + " (" + LocalDate.now() + ")\n\n");
    if (previous.isEmpty()) {
      return notes.append("The first release of the contract.\n").toString();
    }
    List<ContractChanges.Change> changes =
        ContractChanges.between(Files.readString(previous.get().file()), current);
    if (changes.isEmpty()) {
      return notes
          .append("No change of the contract since ")
          .append(previous.get().version())
          .append(".\n")
          .toString();
    }
    notes.append("Changes of the contract since ").append(previous.get().version()).append(":\n\n");
    changes.stream()
        .sorted((a, b) -> Boolean.compare(b.breaking(), a.breaking()))
        .forEach(
            change ->
                notes
                    .append("- ")
                    .append(change.breaking() ? "**Breaking**: " : "")
                    .append("`")
                    .append(change.operation())
                    .append("`: ")
                    .append(change.what())
                    .append('\n'));
    return notes.toString();
  }
}
