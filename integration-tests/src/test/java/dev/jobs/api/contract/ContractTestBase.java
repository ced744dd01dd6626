package dev.jobs.api.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import dev.jobs.api.config.ContractDocumentation;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the tests that spring-cloud-contract-maven-plugin generates from {@code
 * src/test/resources/contracts}: real HTTP with REST Assured to the {@link ContractTarget}, and
 * every response validated against job-api.yaml. Each test starts with two jobs of its own in
 * {@value #CITY}, a city that only these tests use, and ends by deleting every job it created, so
 * that it leaves the target as it found it. The contracts call the methods below with {@code
 * execute(...)} where a value is only known at run time, such as a fixture's id.
 */
@ExtendWith(ContractTarget.class)
public abstract class ContractTestBase {

  static final String CITY = "Contractville";

  /** How long a new job may take to show in its city's listing (an eventually consistent index). */
  private static final Duration INDEX_LAG = Duration.ofSeconds(30);

  private static final String FIXTURE =
      """
      {"city":"%s","company_name":"NOVENCIA Group","title":"Data scientist",\
      "contract_type":"Full-Time"}"""
          .formatted(CITY);

  private static OpenApiValidationFilter responsesMatchTheSpec;

  private final List<String> created = new ArrayList<>();

  /** The fixtures' ids, in the order of their city's listing. */
  private List<String> fixtures;

  @BeforeEach
  void createFixtures() throws InterruptedException {
    URI base = ContractTarget.baseUrl();
    RestAssured.reset();
    RestAssured.baseURI = base.getScheme() + "://" + base.getHost();
    RestAssured.port =
        base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    RestAssured.basePath = base.getPath();
    RestAssured.filters(
        responsesMatchTheSpec(base.getPath()), this::rememberCreated, ContractTarget.signing());

    fixtures = Stream.of(createFixture(), createFixture()).sorted().toList();
    awaitListingOf(fixtures);
  }

  @AfterEach
  void deleteCreated() {
    for (String id : created) {
      assertThat(signed().delete("/v1/jobs/{id}", id).statusCode())
          .as("deleting job %s", id)
          .isIn(204, 404);
    }
    RestAssured.reset();
  }

  /** The path of the first job of {@value #CITY}'s listing. */
  protected String firstJobPath() {
    return "/v1/jobs/" + fixtures.get(0);
  }

  protected void assertFirstJobId(Object id) {
    assertThat(id).isEqualTo(fixtures.get(0));
  }

  protected void assertSecondJobId(Object id) {
    assertThat(id).isEqualTo(fixtures.get(1));
  }

  /** The cursor of the second page of {@value #CITY}'s listing, one job per page. */
  protected String cursorAfterFirstJob() {
    return given()
        .queryParam("city", CITY)
        .queryParam("limit", 1)
        .get("/v1/jobs")
        .then()
        .statusCode(200)
        .extract()
        .path("next_cursor");
  }

  /** A request that the signing filter signs, as a writer's client does. */
  private static RequestSpecification signed() {
    return given().header("Authorization", SigV4Filter.SCHEME);
  }

  private String createFixture() {
    return signed()
        .contentType(ContentType.JSON)
        .body(FIXTURE)
        .post("/v1/jobs")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private void awaitListingOf(List<String> ids) throws InterruptedException {
    Instant deadline = Instant.now().plus(INDEX_LAG);
    List<String> listed = listedIds();
    while (!listed.equals(ids) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      listed = listedIds();
    }
    assertThat(listed)
        .as("%s must hold only the jobs these tests create: delete any other", CITY)
        .isEqualTo(ids);
  }

  private List<String> listedIds() {
    return given()
        .queryParam("city", CITY)
        .queryParam("limit", 100)
        .get("/v1/jobs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  private Response rememberCreated(
      FilterableRequestSpecification request,
      FilterableResponseSpecification response,
      FilterContext context) {
    Response answer = context.next(request, response);
    if (answer.statusCode() == 201) {
      created.add(answer.path("id"));
    }
    return answer;
  }

  /**
   * Validates every response against job-api.yaml. Of a request, only that its path and method are
   * an operation of the spec (else its response would go unchecked): some contracts send bad
   * bodies, parameters, content types and no signature on purpose (ContractsMatchSpecTest checks
   * those).
   */
  private static synchronized OpenApiValidationFilter responsesMatchTheSpec(String basePath) {
    if (responsesMatchTheSpec == null) {
      OpenApiInteractionValidator spec =
          OpenApiInteractionValidator.createForSpecificationUrl(
                  ContractTestBase.class
                      .getClassLoader()
                      .getResource(ContractDocumentation.CONTRACT)
                      .toString())
              .withBasePathOverride(basePath.isEmpty() ? "/" : basePath)
              .withLevelResolver(
                  LevelResolver.create()
                      .withLevel("validation.request.body", ValidationReport.Level.IGNORE)
                      .withLevel("validation.request.parameter", ValidationReport.Level.IGNORE)
                      .withLevel("validation.request.contentType", ValidationReport.Level.IGNORE)
                      .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                      .build())
              .build();
      responsesMatchTheSpec = new OpenApiValidationFilter(spec);
    }
    return responsesMatchTheSpec;
  }
}
