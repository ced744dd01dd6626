package dev.jobs.api.config;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes springdoc serve job-api.yaml itself, the contract, at /v3/api-docs (and so in Swagger UI),
 * rather than a description re-derived from the code. springdoc still sets {@code servers} to where
 * the request came through, the gateway's stage included, so "Try it out" calls this same
 * deployment.
 */
@Configuration(proxyBeanMethods = false)
public class ContractDocumentation {

  /** Where the api-spec jar holds job-api.yaml. */
  public static final String CONTRACT = "openapi/job-api.yaml";

  /** Reads the contract on the first request for it, not at start-up: cold starts matter more. */
  @Bean
  public OpenApiCustomizer servesTheContract() {
    return served -> {
      OpenAPI contract = readContract();
      served
          .info(contract.getInfo())
          .tags(contract.getTags())
          .paths(contract.getPaths())
          .components(contract.getComponents());
    };
  }

  private static OpenAPI readContract() {
    try (InputStream yaml =
        ContractDocumentation.class.getClassLoader().getResourceAsStream(CONTRACT)) {
      if (yaml == null) {
        throw new IllegalStateException(CONTRACT + " is missing from the classpath (api-spec jar)");
      }
      return Yaml.mapper().readValue(yaml, OpenAPI.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CONTRACT, e);
    }
  }
}
