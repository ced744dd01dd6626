package dev.jobs.localrun;

import dev.jobs.client.ExecuteApiSigning;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.Terraform;
import dev.jobs.locallambda.HttpApiGateway;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;

/** job_api_lambda from its zip, behind the local gateway, as the local run serves it. */
record DeployedJobApi(LocalLambdas lambdas, HttpApiGateway gateway) implements AutoCloseable {

  /** Signs a request as a writer with the local run's credentials, which the gateway takes. */
  static final ExecuteApiSigning LOCAL_WRITER =
      new ExecuteApiSigning(LocalAws.CREDENTIALS, LocalAws.REGION);

  static DeployedJobApi start(LocalAws aws, Path workDirectory) throws IOException {
    LocalLambdas lambdas =
        LocalLambdas.deployJobApi(Terraform.read(Path.of("../terraform")), aws, workDirectory, 1);
    return new DeployedJobApi(
        lambdas, HttpApiGateway.start(0, lambdas.function(LocalLambdas.JOB_API).streamHandler()));
  }

  /** The request, signed as a writer with the local credentials. */
  static HttpRequest signed(HttpRequest.Builder request) {
    LOCAL_WRITER.accept(request);
    return request.build();
  }

  /** The stage's base address, {@code http://127.0.0.1:<port>/dev}. */
  String baseUrl() {
    return "http://127.0.0.1:" + gateway.port() + "/" + HttpApiGateway.STAGE;
  }

  @Override
  public void close() {
    gateway.close();
    lambdas.close();
  }
}
