package dev.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.contract.spec.Contract;
import org.springframework.cloud.contract.spec.internal.DslProperty;
import org.springframework.cloud.contract.spec.internal.ExecutionProperty;
import org.springframework.cloud.contract.spec.internal.MatchingStrategy;
import org.springframework.cloud.contract.spec.internal.RegexProperty;
import org.springframework.cloud.contract.spec.internal.Url;
import org.springframework.cloud.contract.verifier.util.ContractVerifierDslConverter;
import org.springframework.cloud.contract.verifier.util.MapConverter;

/**
 * The contracts agree with job-api.yaml, so that neither can drift from the other. Each contract's
 * request, with the values its test sends, and its response, with the values its stub gives
 * consumers, are validated against the spec; a request the spec refuses must get the 400 or 415
 * that the spec promises for it. And every operation of the spec has contracts.
 */
class ContractsMatchSpecTest {

  private static final Path CONTRACTS = Path.of("src/test/resources/contracts");
  private static final OpenApiInteractionValidator SPEC = JobApiSpec.validator().build();
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Contract> contracts() throws IOException {
    try (Stream<Path> files = Files.walk(CONTRACTS)) {
      return files
          .filter(file -> file.toString().endsWith(".groovy"))
          .sorted()
          .flatMap(
              file ->
                  ContractVerifierDslConverter.convertAsCollection(
                      CONTRACTS.toFile(), file.toFile())
                      .stream())
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contracts")
  void agreesWithTheSpec(Contract contract) throws JsonProcessingException {
    Request request = request(contract.getRequest());
    Response response = response(contract.getResponse());

    ValidationReport requestReport = SPEC.validateRequest(request);
    ValidationReport responseReport =
        SPEC.validateResponse(request.getPath(), request.getMethod(), response);

    assertThat(responseReport.getMessages()).as("the response of %s", contract.getName()).isEmpty();
    if (requestReport.hasErrors()) {
      // Unsigned where the spec wants a signature: the gateway's 403. Any other fault: 400 or 415.
      boolean unsignedOnly =
          requestReport.getMessages().stream()
              .allMatch(message -> message.getKey().startsWith("validation.request.security"));
      assertThat(response.getStatus())
          .as("a request the spec refuses (%s) gets", requestReport.getMessages())
          .isIn(unsignedOnly ? List.of(403) : List.of(400, 415));
    }
  }

  @Test
  void everyOperationHasASuccessAndAnErrorContract() throws IOException {
    record Exchange(String method, String path, int status) {}
    List<Exchange> exchanges =
        contracts().stream()
            .map(
                contract -> {
                  Request request = request(contract.getRequest());
                  return new Exchange(
                      request.getMethod().name(),
                      request.getPath(),
                      (Integer) contract.getResponse().getStatus().getClientValue());
                })
            .toList();

    OpenAPI spec = new OpenAPIV3Parser().read(JobApiSpec.url());
    spec.getPaths()
        .forEach(
            (template, operations) -> {
              Pattern path = Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+"));
              for (PathItem.HttpMethod method : operations.readOperationsMap().keySet()) {
                List<Integer> statuses =
                    exchanges.stream()
                        .filter(exchange -> exchange.method().equals(method.name()))
                        .filter(exchange -> path.matcher(exchange.path()).matches())
                        .map(Exchange::status)
                        .toList();
                String operation = method + " " + template;
                assertThat(statuses).as(operation).anyMatch(status -> status < 300);
                if (!operation.equals("GET /v1/health")) {
                  assertThat(statuses).as(operation).anyMatch(status -> status >= 400);
                }
              }
            });
  }

  private static Request request(org.springframework.cloud.contract.spec.internal.Request dsl) {
    Url url = dsl.getUrl() != null ? dsl.getUrl() : dsl.getUrlPath();
    SimpleRequest.Builder request =
        new SimpleRequest.Builder(
            String.valueOf(concrete(dsl.getMethod(), true)).toUpperCase(Locale.ROOT),
            String.valueOf(concrete(url, true)));
    if (url.getQueryParameters() != null) {
      url.getQueryParameters()
          .getParameters()
          .forEach(p -> request.withQueryParam(p.getName(), String.valueOf(concrete(p, true))));
    }
    if (dsl.getHeaders() != null) {
      dsl.getHeaders()
          .getEntries()
          .forEach(h -> request.withHeader(h.getName(), String.valueOf(concrete(h, true))));
    }
    if (dsl.getBody() != null) {
      request.withBody(text(MapConverter.getTestSideValues(dsl.getBody())));
    }
    return request.build();
  }

  private static Response response(org.springframework.cloud.contract.spec.internal.Response dsl) {
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status((Integer) concrete(dsl.getStatus(), false));
    if (dsl.getHeaders() != null) {
      dsl.getHeaders()
          .getEntries()
          .forEach(h -> response.withHeader(h.getName(), String.valueOf(concrete(h, false))));
    }
    if (dsl.getBody() != null) {
      response.withBody(text(MapConverter.getStubSideValues(dsl.getBody())));
    }
    return response.build();
  }

  /**
   * The value a request sends (test side) or a response gives (stub side), or the other side's
   * where that one is only a pattern or a method call.
   */
  private static Object concrete(DslProperty<?> property, boolean testSide) {
    Object preferred = testSide ? property.getServerValue() : property.getClientValue();
    Object other = testSide ? property.getClientValue() : property.getServerValue();
    if (isConcrete(preferred)) {
      return preferred;
    }
    if (isConcrete(other)) {
      return other;
    }
    throw new AssertionError("no concrete value on either side of " + property);
  }

  private static boolean isConcrete(Object value) {
    return !(value instanceof RegexProperty
        || value instanceof Pattern
        || value instanceof ExecutionProperty
        || value instanceof MatchingStrategy
        || value instanceof DslProperty);
  }

  private static String text(Object body) {
    try {
      return body instanceof String string ? string : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
