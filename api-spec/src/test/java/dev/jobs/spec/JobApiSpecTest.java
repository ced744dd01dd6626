package dev.jobs.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of this project's contract that a generic linter does not know: every body has an
 * example (Swagger UI and the contract tests use them), every error is a problem+json Problem.
 */
class JobApiSpecTest {

  private static final String SPEC = "openapi/job-api.yaml";
  private static OpenAPI api;

  @BeforeAll
  static void parse() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser()
            .readLocation(
                JobApiSpecTest.class.getClassLoader().getResource(SPEC).toString(), null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    api = result.getOpenAPI();
  }

  @Test
  void declaresTheJobOperations() {
    List<String> operationIds = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperations().forEach(op -> operationIds.add(op.getOperationId())));
    assertThat(operationIds)
        .containsExactlyInAnyOrder(
            "getHealth", "listJobs", "createJob", "getJob", "replaceJob", "deleteJob");
  }

  @Test
  void everyOperationIsDocumentedAndTagged() {
    forEachOperation(
        (name, op) -> {
          assertThat(op.getTags()).as(name + " tags").isNotEmpty();
          assertThat(op.getSummary()).as(name + " summary").isNotBlank();
          assertThat(op.getResponses()).as(name + " declares 500").containsKey("500");
        });
  }

  @Test
  void everyBodyHasAnExample() {
    forEachOperation(
        (name, op) -> {
          if (op.getRequestBody() != null) {
            op.getRequestBody()
                .getContent()
                .forEach((type, media) -> assertHasExample(name + " request " + type, media));
          }
          op.getResponses()
              .forEach(
                  (status, response) -> {
                    if (response.getContent() != null) {
                      response
                          .getContent()
                          .forEach(
                              (type, media) ->
                                  assertHasExample(name + " " + status + " " + type, media));
                    }
                  });
        });
  }

  /** What API Gateway answers itself, before the service: its own JSON, no X-Request-Id. */
  /**
   * Statuses API Gateway may answer itself, with its own JSON: a request it cannot read, an
   * unsigned write, throttling.
   */
  private static final java.util.Set<String> GATEWAY_ANSWERS =
      java.util.Set.of("400", "403", "429");

  @Test
  void everyErrorIsAProblemDocument() {
    forEachOperation(
        (name, op) ->
            op.getResponses()
                .forEach(
                    (status, response) -> {
                      if (GATEWAY_ANSWERS.contains(status)) {
                        assertThat(
                                response
                                    .getContent()
                                    .get("application/json")
                                    .getSchema()
                                    .getRequired())
                            .as(name + " " + status + " from API Gateway")
                            .containsExactly("message");
                      } else if (status.startsWith("4") || status.startsWith("5")) {
                        assertThat(response.getContent())
                            .as(name + " " + status)
                            .containsOnlyKeys("application/problem+json");
                      }
                      if (response.getContent() != null
                          && response.getContent().containsKey("application/problem+json")) {
                        assertThat(
                                response
                                    .getContent()
                                    .get("application/problem+json")
                                    .getSchema()
                                    .getRequired())
                            .as(name + " " + status + " schema")
                            .containsExactlyInAnyOrder("type", "title", "status");
                      }
                    }));
  }

  @Test
  void everyResponseDeclaresTheRequestIdAndEveryOperationA406() {
    forEachOperation(
        (name, op) -> {
          assertThat(op.getResponses()).as(name).containsKey("406");
          op.getResponses()
              .forEach(
                  (status, response) -> {
                    if (!GATEWAY_ANSWERS.contains(status)) {
                      assertThat(response.getHeaders())
                          .as(name + " " + status)
                          .containsKey("X-Request-Id");
                    }
                  });
        });
  }

  @Test
  void writesAreSignedReadsArePublicAndEveryRouteIsThrottled() {
    assertThat(api.getSecurity()).as("no default: reads are public").isNullOrEmpty();
    SecurityScheme sigv4 = api.getComponents().getSecuritySchemes().get("sigv4");
    assertThat(sigv4.getExtensions()).containsEntry("x-amazon-apigateway-authtype", "awsSigv4");
    assertThat(sigv4.getName()).isEqualTo("Authorization");
    forEachOperation(
        (name, op) -> {
          assertThat(op.getResponses()).as(name).containsKey("429");
          if (name.startsWith("GET")) {
            assertThat(op.getSecurity()).as(name).isNullOrEmpty();
          } else {
            assertThat(op.getSecurity())
                .as(name)
                .containsExactly(new SecurityRequirement().addList("sigv4"));
            assertThat(op.getResponses()).as(name).containsKey("403");
          }
        });
  }

  @Test
  void aProblemsTitleIsItsOwnField() {
    Schema<?> title =
        (Schema<?>) api.getComponents().getSchemas().get("Problem").getProperties().get("title");

    assertThat(title.get$ref()).as("not the job's title").isNull();
    assertThat(title.getMaxLength()).isNull();
    assertThat(title.getDescription()).contains("kind of problem");
  }

  @Test
  void bodiesThatTakeInputDeclareTheirClientErrors() {
    forEachOperation(
        (name, op) -> {
          if (op.getRequestBody() != null) {
            assertThat(op.getResponses()).as(name).containsKeys("400", "413", "415");
          }
        });
  }

  private static void assertHasExample(String where, MediaType media) {
    assertThat(media.getExample() != null || !isEmpty(media.getExamples()))
        .as(where + " has an example")
        .isTrue();
  }

  private static boolean isEmpty(Map<?, ?> map) {
    return map == null || map.isEmpty();
  }

  private static void forEachOperation(java.util.function.BiConsumer<String, Operation> check) {
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> check.accept(method + " " + path, op)));
  }
}
