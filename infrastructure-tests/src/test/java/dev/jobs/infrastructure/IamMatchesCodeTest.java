package dev.jobs.infrastructure;

import static dev.jobs.localaws.Terraform.blocks;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.jobs.localaws.Terraform;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, checked against the code: each Lambda's role allows exactly the IAM actions of
 * the AWS SDK calls its code can make (followed through the project's own classes from the Lambda's
 * packages), plus what Lambda itself does for it (logs; polling for an SQS event source), on named
 * resources only, with no wildcard.
 */
class IamMatchesCodeTest {

  private static final Terraform TF = Terraform.read(Path.of("../terraform"));
  private static final JavaClasses CODE =
      new ClassFileImporter()
          .importPaths(
              Stream.of("job-api", "job-store", "pipeline-lambdas", "api-spec")
                  .map(module -> Path.of("..", module, "target/classes"))
                  .toList());
  private static final Set<String> LOGS = Set.of("logs:CreateLogStream", "logs:PutLogEvents");
  private static final Set<String> SQS_EVENT_SOURCE =
      Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

  /** Methods of an SDK client that are not calls to AWS. */
  private static final Set<String> CLIENT_METHODS =
      Set.of(
          "builder", "create", "close", "serviceName", "serviceClientConfiguration", "utilities");

  private static final Map<String, String> SERVICES =
      Map.of(
          "software.amazon.awssdk.services.s3.S3Client", "s3",
          "software.amazon.awssdk.services.sqs.SqsClient", "sqs",
          "software.amazon.awssdk.services.dynamodb.DynamoDbClient", "dynamodb");

  static Stream<Arguments> lambdas() {
    return Stream.of(
        Arguments.of("s3_to_sqs", "dev.jobs.pipeline.s3tosqs", LOGS),
        Arguments.of(
            "sqs_to_dynamo", "dev.jobs.pipeline.sqstodynamo", union(LOGS, SQS_EVENT_SOURCE)),
        Arguments.of("job_api", "dev.jobs.api", LOGS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lambdas")
  void theRoleAllowsExactlyWhatTheCodeCalls(
      String lambda, String rootPackage, Set<String> platform) {
    List<Map<String, Object>> statements =
        blocks(TF.data("aws_iam_policy_document", lambda).get("statement"));
    Set<String> allowed =
        statements.stream()
            .flatMap(statement -> strings(statement.get("actions")).stream())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> called = iamActions(sdkCalls(rootPackage));

    assertThat(called).as("SDK calls of %s", lambda).isNotEmpty();
    assertThat(allowed).isEqualTo(new TreeSet<>(union(called, platform)));
    for (Map<String, Object> statement : statements) {
      assertThat(strings(statement.get("actions"))).noneMatch(action -> action.contains("*"));
      assertThat(strings(statement.get("resources")))
          .isNotEmpty()
          .allMatch(resource -> resource.startsWith("aws_"), "a resource of terraform/");
    }
    assertThat(TF.resource("aws_iam_role_policy", lambda))
        .containsEntry("role", "aws_iam_role." + lambda + ".id")
        .containsEntry("policy", "data.aws_iam_policy_document." + lambda + ".json");
  }

  @Test
  void s3ToSqsReadsUploadsWritesRejectsReportsAndSendsFailedEventsOnly() {
    Map<String, List<String>> resourcesByActions =
        blocks(TF.data("aws_iam_policy_document", "s3_to_sqs").get("statement")).stream()
            .collect(
                Collectors.toMap(
                    statement -> statement.get("sid") + " " + strings(statement.get("actions")),
                    statement -> strings(statement.get("resources"))));

    assertThat(resourcesByActions)
        .containsEntry(
            "ReadUploads [s3:GetObject]", List.of("aws_s3_bucket.job_offers.arn/job_offers/*"))
        .containsEntry(
            "WriteRejectsReports [s3:PutObject, s3:DeleteObject]",
            List.of("aws_s3_bucket.job_offers.arn/rejected/*"))
        .containsEntry("SendJobs [sqs:SendMessage]", List.of("aws_sqs_queue.job_offers.arn"))
        // Lambda sends to the on-failure destination with the function's role.
        .containsEntry(
            "SendFailedEvents [sqs:SendMessage]", List.of("aws_sqs_queue.failed_ingestions.arn"));
    Map<String, Object> onFailure =
        Terraform.map(
            Terraform.map(
                    TF.resource("aws_lambda_function_event_invoke_config", "s3_to_sqs")
                        .get("destination_config"))
                .get("on_failure"));
    assertThat(onFailure).containsEntry("destination", "aws_sqs_queue.failed_ingestions.arn");
  }

  /** The SDK client methods that code reachable from the package's classes calls. */
  private static Set<JavaMethodCall> sdkCalls(String rootPackage) {
    Deque<JavaCodeUnit> pending = new ArrayDeque<>();
    CODE.stream()
        .filter(javaClass -> javaClass.getPackageName().startsWith(rootPackage))
        .forEach(javaClass -> pending.addAll(javaClass.getCodeUnits()));
    Set<JavaCodeUnit> seen = new HashSet<>(pending);
    Set<JavaMethodCall> sdkCalls = new HashSet<>();
    while (!pending.isEmpty()) {
      for (JavaMethodCall call : pending.pop().getMethodCallsFromSelf()) {
        JavaClass owner = call.getTargetOwner();
        if (SERVICES.containsKey(owner.getName()) && !CLIENT_METHODS.contains(call.getName())) {
          sdkCalls.add(call);
        } else if (owner.getPackageName().startsWith("dev.jobs")) {
          // The called method, and its implementations where the call is through an interface.
          Stream.concat(Stream.of(owner), owner.getAllSubclasses().stream())
              .flatMap(javaClass -> javaClass.getCodeUnits().stream())
              .filter(unit -> unit.getName().equals(call.getName()))
              .filter(seen::add)
              .forEach(pending::add);
        }
      }
    }
    return sdkCalls;
  }

  /**
   * SendMessageBatch is allowed by sqs:SendMessage; a paginator makes the calls it is named for.
   */
  private static Set<String> iamActions(Set<JavaMethodCall> calls) {
    return calls.stream()
        .map(
            call -> {
              String operation = call.getName().replaceFirst("Paginator$", "");
              if (operation.endsWith("Batch")
                  && SERVICES.get(call.getTargetOwner().getName()).equals("sqs")) {
                operation = operation.substring(0, operation.length() - "Batch".length());
              }
              return SERVICES.get(call.getTargetOwner().getName())
                  + ":"
                  + Character.toUpperCase(operation.charAt(0))
                  + operation.substring(1);
            })
        .collect(Collectors.toSet());
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? (List<String>) list : List.of((String) value);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
