package dev.jobs.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The job API. On Lambda, {@code lambda.StreamLambdaHandler} runs it; here, a plain server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JobApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(JobApiApplication.class, args);
  }
}
