package dev.jobs.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import dev.jobs.api.config.ContractDocumentation;

/** job-api.yaml as the tests read it: from the api-spec jar, where the app reads it too. */
public final class JobApiSpec {

  private JobApiSpec() {}

  public static String url() {
    return JobApiSpec.class.getClassLoader().getResource(ContractDocumentation.CONTRACT).toString();
  }

  /** A swagger-request-validator builder for the spec, to configure and build. */
  public static OpenApiInteractionValidator.Builder validator() {
    return OpenApiInteractionValidator.createForSpecificationUrl(url());
  }
}
