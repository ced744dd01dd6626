package dev.jobs.api.lambda;

import com.amazonaws.serverless.proxy.spring.embedded.ServerlessServletEmbeddedServerFactory;
import dev.jobs.api.JobApiApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The job API as job_api_lambda runs it: the app on the Lambda container's servlet "server" in
 * place of Tomcat, the two sources {@code SpringBootLambdaContainerHandler} gives Spring. {@link
 * #main} is for Spring's ahead-of-time processing at build time, which must see the beans Lambda
 * runs (decision record 0026).
 */
@Import(JobApiApplication.class)
public class LambdaApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(
            ServerlessServletEmbeddedServerFactory.class, LambdaApplication.class)
        .web(WebApplicationType.SERVLET)
        .run(args);
  }
}
