package dev.jobs.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.jobs.store.JobStore;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The few dependency rules of the job API, kept by a test so that they cannot rot. */
class ArchitectureTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.jobs");

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("only the store calls DynamoDB", onlyTheStoreCallsDynamoDb),
        Arguments.of("only the lambda package knows Lambda", onlyTheLambdaPackageKnowsLambda),
        Arguments.of("controllers go through the service", controllersGoThroughTheService),
        Arguments.of("the service knows no web", theServiceKnowsNoWeb),
        Arguments.of(
            "controllers implement the generated interfaces",
            controllersImplementTheGeneratedInterfaces));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void holds(String name, ArchRule rule) {
    rule.check(PRODUCTION);
  }

  static final ArchRule onlyTheStoreCallsDynamoDb =
      noClasses()
          .that()
          .resideInAPackage("dev.jobs.api..")
          .and()
          .resideOutsideOfPackage("dev.jobs.api.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk.services.dynamodb..");

  static final ArchRule onlyTheLambdaPackageKnowsLambda =
      noClasses()
          .that()
          .resideInAPackage("dev.jobs.api..")
          .and()
          .resideOutsideOfPackage("dev.jobs.api.lambda..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.amazonaws..", "org.crac..");

  static final ArchRule controllersGoThroughTheService =
      noClasses()
          .that()
          .resideInAPackage("dev.jobs.api.web..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(JobStore.class);

  static final ArchRule theServiceKnowsNoWeb =
      noClasses()
          .that()
          .resideInAPackage("dev.jobs.api.service..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");

  static final ArchRule controllersImplementTheGeneratedInterfaces =
      classes()
          .that()
          .resideInAPackage("dev.jobs.api.web..")
          .and()
          .areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
          .and()
          // The container's error page: no operation of the contract.
          .doNotBelongToAnyOf(dev.jobs.api.web.ProblemErrorController.class)
          .should()
          .implement(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "a generated API interface",
                  (com.tngtech.archunit.core.domain.JavaClass type) ->
                      type.getPackageName().equals("dev.jobs.api.generated")));
}
