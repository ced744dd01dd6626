package dev.jobs.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jobs.pipeline.sqstodynamo.SqsToDynamoHandler;
import dev.jobs.store.DynamoJobStore;
import dev.jobs.store.JobItems;
import dev.jobs.store.JobTable;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Each AWS call of the pipeline in one place, and no framework in a plain-Java Lambda. */
class ArchitectureTest {

  private static final JavaClasses PIPELINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.jobs.pipeline");

  /** A call of the service (building a client, {@code builder()}, calls nothing). */
  private static DescribedPredicate<JavaCall<?>> callOf(Class<?> client) {
    return DescribedPredicate.describe(
        "a call of " + client.getSimpleName(),
        call -> call.getTargetOwner().isAssignableTo(client) && !call.getName().equals("builder"));
  }

  /** A class named in a rule, which must exist: renamed, it fails here instead of voiding it. */
  private static String existing(String simpleName) {
    if (PIPELINE.stream().noneMatch(javaClass -> javaClass.getSimpleName().equals(simpleName))) {
      throw new AssertionError("no class " + simpleName + " in the pipeline: update the rule");
    }
    return simpleName;
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(
            "only JobQueue (s3_to_sqs) and JobRequeue (sqs_to_dynamo) call SQS",
            noClasses()
                .that()
                .doNotHaveSimpleName(existing("JobQueue"))
                .and()
                .doNotHaveSimpleName(existing("JobRequeue"))
                .should()
                .callMethodWhere(callOf(SqsClient.class))),
        Arguments.of(
            "only ResumingObjectStream (get) and RejectsReport (put, delete) call S3",
            noClasses()
                .that()
                .doNotHaveSimpleName(existing("ResumingObjectStream"))
                .and()
                .doNotHaveSimpleName(existing("RejectsReport"))
                .should()
                .callMethodWhere(callOf(S3Client.class))),
        Arguments.of(
            "DynamoDB is called through DynamoJobStore only",
            noClasses().should().callMethodWhere(callOf(DynamoDbClient.class))),
        Arguments.of(
            "the store is reached through its port: only the handler builds the DynamoDB adapter",
            noClasses()
                .that()
                .doNotBelongToAnyOf(SqsToDynamoHandler.class)
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(DynamoJobStore.class)),
        Arguments.of(
            "a job's limits and names come from the port and the model, not the adapter's mapping",
            noClasses()
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(JobItems.class, JobTable.class)),
        Arguments.of(
            "each Lambda calls SQS from its own package",
            noClasses()
                .that()
                .resideInAPackage("dev.jobs.pipeline.s3tosqs..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.jobs.pipeline.sqstodynamo..")),
        Arguments.of(
            "no Spring in the Lambdas",
            noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void holds(String name, ArchRule rule) {
    rule.check(PIPELINE);
  }
}
