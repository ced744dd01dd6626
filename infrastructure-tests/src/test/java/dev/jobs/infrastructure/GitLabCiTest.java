package dev.jobs.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** .gitlab-ci.yml: its stages and jobs, and that everything its jobs call exists. */
class GitLabCiTest {

  private static final Path ROOT = Path.of("..");
  private static final Map<String, Object> PIPELINE = read();
  private static final List<String> DEPLOY_JOBS =
      List.of("deploy_job_api_lambda", "deploy_s3_to_sqs_lambda", "deploy_sqs_to_dynamo_lambda");

  @Test
  void runsTestThenDeployThenContract() {
    assertThat(PIPELINE.get("stages")).isEqualTo(List.of("test", "deploy", "contract"));
  }

  @Test
  void hasTheOriginalsJobsAndTheNewOnes() {
    assertThat(jobs().keySet())
        .contains("test_job_api", "test_s3_to_sqs", "test_sqs_to_dynamo", "test_api_spec")
        .contains("test_local_run", "test_infrastructure", "terraform_fmt", "terraform_validate")
        .containsAll(DEPLOY_JOBS)
        .contains("contract");
    jobs().forEach((name, job) -> assertThat(job).as(name).containsKey("script"));
    jobs()
        .forEach(
            (name, job) ->
                assertThat(stage(job))
                    .as("stage of %s", name)
                    .isIn((List<?>) PIPELINE.get("stages")));
    assertThat(stage(jobs().get("contract"))).isEqualTo("contract");
  }

  @Test
  void deploysFromTheDefaultBranchWithTheCredentialsOfTheCiVariables() {
    for (String name : Stream.concat(DEPLOY_JOBS.stream(), Stream.of("contract")).toList()) {
      Map<String, Object> job = jobs().get(name);
      assertThat(stage(job)).as(name).isIn("deploy", "contract");
      assertThat(String.valueOf(resolved(job, "rules")))
          .as(name)
          .contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    }
    for (String name : DEPLOY_JOBS) {
      assertThat(String.valueOf(resolved(jobs().get(name), "before_script")))
          .contains("AWS_ACCESS_KEY_ID:?", "AWS_SECRET_ACCESS_KEY:?");
      assertThat(String.valueOf(jobs().get(name).get("script"))).contains("bin/" + name + ".sh");
    }
    assertThat(String.valueOf(jobs().get("contract").get("script")))
        .contains("bin/contract_test.sh");
  }

  @Test
  void everyScriptItCallsExistsAndEveryModuleItBuilds() throws IOException {
    String commands = commands();
    Matcher scripts = Pattern.compile("(?:^|\\s)((?:bin|\\.ci)/[\\w./-]+)").matcher(commands);
    List<String> called = new ArrayList<>();
    while (scripts.find()) {
      called.add(scripts.group(1));
    }
    assertThat(called).contains("bin/deploy_job_api_lambda.sh", "bin/contract_test.sh");
    for (String script : called) {
      assertThat(ROOT.resolve(script)).as(script).isExecutable();
    }

    Matcher modules = Pattern.compile("-pl ([\\w,-]+)").matcher(commands);
    int builds = 0;
    while (modules.find()) {
      for (String module : modules.group(1).split(",")) {
        assertThat(ROOT.resolve(module).resolve("pom.xml")).as(module).exists();
      }
      builds++;
    }
    assertThat(builds).isGreaterThanOrEqualTo(5);
    assertThat(commands)
        .contains("terraform -chdir=terraform fmt", "terraform -chdir=terraform validate");
  }

  /** Every line of every script, before_script and template, as one text. */
  private static String commands() {
    StringBuilder all = new StringBuilder();
    PIPELINE.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> job) {
            Stream.of("before_script", "script")
                .map(job::get)
                .forEach(lines -> all.append(flatten(lines)).append('\n'));
          }
        });
    return all.toString();
  }

  private static String flatten(Object lines) {
    if (lines instanceof List<?> list) {
      return String.join("\n", list.stream().map(GitLabCiTest::flatten).toList());
    }
    return lines == null ? "" : lines.toString();
  }

  /** The jobs: top-level keys that are not keywords or templates (which start with a dot). */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> jobs() {
    Map<String, Map<String, Object>> jobs = new TreeMap<>();
    PIPELINE.forEach(
        (name, value) -> {
          if (!name.startsWith(".")
              && !List.of("stages", "variables", "default", "workflow", "include").contains(name)) {
            jobs.put(name, (Map<String, Object>) value);
          }
        });
    return jobs;
  }

  private static Object stage(Map<String, Object> job) {
    Object stage = resolved(job, "stage");
    return stage == null ? "test" : stage;
  }

  /** A job's key, or the key of the template it extends. */
  @SuppressWarnings("unchecked")
  private static Object resolved(Map<String, Object> job, String key) {
    if (job.containsKey(key)) {
      return job.get(key);
    }
    Object template = job.get("extends");
    return template == null ? null : resolved((Map<String, Object>) PIPELINE.get(template), key);
  }

  private static Map<String, Object> read() {
    try {
      return new Yaml().load(Files.readString(ROOT.resolve(".gitlab-ci.yml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
