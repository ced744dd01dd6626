package dev.jobs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract keeps the last release's promises unless its major version says it does not, and the
 * gate that checks it knows a break from an addition.
 */
class ContractCompatibilityTest {

  private static String current;

  @BeforeAll
  static void read() throws Exception {
    current = Files.readString(ContractGate.CONTRACT);
  }

  @Test
  void theContractBreaksNothingTheLastReleaseOffered() throws Exception {
    Optional<ContractGate.Release> release = ContractGate.latestRelease(ContractGate.RELEASED);
    if (release.isEmpty()) {
      System.out.println("No release of the contract yet: nothing to keep.");
      return;
    }
    List<ContractChanges.Change> broken =
        ContractGate.broken(Files.readString(release.get().file()), current);

    assertThat(broken)
        .as(
            "job-api.yaml %s breaks what %s offered; raise the major version, or keep:%n  %s",
            ContractGate.version(current),
            release.get().version(),
            String.join("\n  ", broken.stream().map(Object::toString).toList()))
        .isEmpty();
  }

  /** One number: the build's version is the contract's, a -SNAPSHOT between releases. */
  @Test
  void theBuildsVersionIsTheContracts() {
    String build = System.getProperty("project.version");

    assertThat(build.replace("-SNAPSHOT", ""))
        .as("the project's version (%s) against job-api.yaml's info.version", build)
        .isEqualTo(ContractGate.version(current));
  }

  @Test
  void removingAResponseFieldBreaks() {
    String changed =
        current.replace(
            """
                    next_cursor:
                      type: string
            """,
            """
                    was_next_cursor_renamed:
                      type: string
            """);

    assertThat(ContractGate.broken(current, changed))
        .extracting(Object::toString)
        .contains("GET /v1/jobs: response 200 no longer has field next_cursor");
  }

  @Test
  void makingAnOptionalParameterRequiredBreaks() {
    String changed =
        current.replace(
            "      name: limit\n      in: query\n      required: false",
            "      name: limit\n      in: query\n      required: true");

    assertThat(ContractGate.broken(current, changed))
        .extracting(Object::toString)
        .containsExactly("GET /v1/jobs: parameter query limit became required");
  }

  @Test
  void narrowingAnEnumThatClientsSendBreaks() {
    String before = withContractTypes(current, "[Full-Time, Internship, cdi]");
    String after = withContractTypes(current, "[Full-Time, Internship]");

    assertThat(ContractGate.broken(before, after))
        .extracting(Object::toString)
        .contains(
            "POST /v1/jobs: request body field contract_type no longer allows [cdi]",
            "PUT /v1/jobs/{id}: request body field contract_type no longer allows [cdi]");
  }

  @Test
  void addingAnOptionalFieldBreaksNothing() {
    String changed =
        current.replace(
            """
                    provider:
                      $ref: '#/components/schemas/Provider'
            """,
            """
                    provider:
                      $ref: '#/components/schemas/Provider'
                    salary:
                      type: string
                      maxLength: 50
            """);

    assertThat(changed).isNotEqualTo(current);
    assertThat(ContractChanges.between(current, changed))
        .isNotEmpty()
        .noneMatch(ContractChanges.Change::breaking);
  }

  @Test
  void aNewMajorVersionMayBreak() {
    String version = ContractGate.version(current);
    String nextMajor = (ContractGate.major(version) + 1) + ".0.0";
    String changed =
        current
            .replace("  version: " + version, "  version: " + nextMajor)
            .replace(
                """
                        next_cursor:
                          type: string
                """,
                """
                        cursor_of_the_next_page:
                          type: string
                """);

    assertThat(ContractGate.broken(current, changed)).isEmpty();
  }

  @Test
  void findsTheLatestReleaseBySemanticVersion(@TempDir Path released) throws Exception {
    for (String version : List.of("1.9.0", "1.10.0", "1.2.3")) {
      Files.writeString(released.resolve("job-api-" + version + ".yaml"), current);
    }

    assertThat(ContractGate.latestRelease(released))
        .map(ContractGate.Release::version)
        .contains("1.10.0");
  }

  private static String withContractTypes(String contract, String values) {
    return contract.replace(
        """
            ContractType:
              type: string
        """,
        """
            ContractType:
              type: string
              enum: %s
        """
            .formatted(values));
  }
}
