package dev.jobs.api.contract;

import dev.jobs.api.lambda.StreamLambdaHandler;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LocalAwsExtension;
import dev.jobs.locallambda.HttpApiGateway;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where the contract tests send their requests. Remote mode: the base URL in the system property
 * {@value #BASE_URL}, such as a deployed stage ({@code https://abc123.execute-api.eu-west-1
 * .amazonaws.com/dev}) or the local stack's gateway ({@code http://localhost:8080/dev}). Otherwise
 * job_api_lambda's handler in this JVM behind the local job_api_gw, its table on dynalite: the
 * events it gets are the ones API Gateway sends. Writes are signed with the local credentials, or
 * in remote mode with the AWS SDK's default ones (the environment, a profile, CI's web identity
 * token) for the region of the address ({@code AWS_REGION} where the address has none).
 */
public final class ContractTarget implements BeforeAllCallback {

  public static final String BASE_URL = "contract.baseUrl";

  private static final Pattern EXECUTE_API =
      Pattern.compile("[^.]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

  private static volatile URI baseUrl;
  private static volatile SigV4Filter signing;

  static URI baseUrl() {
    return baseUrl;
  }

  static SigV4Filter signing() {
    return signing;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (baseUrl != null) {
      return;
    }
    String given = System.getProperty(BASE_URL, "").strip();
    if (!given.isEmpty()) {
      baseUrl = URI.create(given.endsWith("/") ? given.substring(0, given.length() - 1) : given);
      Matcher host = EXECUTE_API.matcher(String.valueOf(baseUrl.getHost()));
      signing =
          new SigV4Filter(
              DefaultCredentialsProvider.builder().build(),
              host.matches()
                  ? Region.of(host.group(1))
                  : DefaultAwsRegionProviderChain.builder().build().getRegion());
      return;
    }
    LocalAws aws = LocalAwsExtension.start(context, EnumSet.of(Service.DYNAMODB));
    // As Lambda's environment would: the handler's Spring app reads it when it starts.
    aws.exposeToSdk();
    HttpApiGateway gateway = HttpApiGateway.start(0, new StreamLambdaHandler());
    context
        .getRoot()
        .getStore(Namespace.create(ContractTarget.class))
        .put("gateway", (ExtensionContext.Store.CloseableResource) gateway::close);
    baseUrl = URI.create("http://127.0.0.1:" + gateway.port() + "/" + HttpApiGateway.STAGE);
    signing = new SigV4Filter(LocalAws.CREDENTIALS, LocalAws.REGION);
  }
}
