package dev.jobs.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.api.config.JobsProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Cross-origin requests from browsers (CORS): off unless {@code jobs.cors-allowed-origins} lists
 * origins. Those may call every operation, with the headers that a signed write needs, and read
 * {@code Location}, {@code ETag} and {@code X-Request-Id}. A preflight from any other origin (every
 * preflight while CORS is off) is a 403 problem, instead of Spring's plain-text "Invalid CORS
 * request"; any other request from such an origin is answered as from anywhere, without CORS
 * headers, so the browser keeps the answer from the page (as the contract says, and whether CORS is
 * on or off: Spring would refuse it only while some origin is listed).
 */
@Configuration(proxyBeanMethods = false)
public class CrossOrigin implements WebMvcConfigurer {

  private final JobsProperties properties;

  public CrossOrigin(JobsProperties properties) {
    this.properties = properties;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    if (!properties.corsAllowedOrigins().isEmpty()) {
      registry
          .addMapping("/v1/**")
          .allowedOrigins(properties.corsAllowedOrigins().toArray(String[]::new))
          .allowedMethods("GET", "POST", "PUT", "DELETE")
          .allowedHeaders(
              HttpHeaders.CONTENT_TYPE,
              HttpHeaders.IF_MATCH,
              HttpHeaders.AUTHORIZATION,
              "X-Amz-Date",
              "X-Amz-Security-Token",
              "X-Amz-Content-Sha256",
              RequestLogging.REQUEST_ID_HEADER)
          .exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.ETAG, RequestLogging.REQUEST_ID_HEADER)
          .maxAge(3600);
    }
  }

  /** Every handler mapping refuses with a problem (the mapper is looked up when one is due). */
  @Bean
  static BeanPostProcessor problemCorsRefusals(ObjectProvider<ObjectMapper> json) {
    ProblemCorsProcessor processor = new ProblemCorsProcessor(json);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof AbstractHandlerMapping mapping) {
          mapping.setCorsProcessor(processor);
        }
        return bean;
      }
    };
  }

  /** Spring's CORS checks, with a problem as the refusal. */
  static final class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ObjectProvider<ObjectMapper> json;

    ProblemCorsProcessor(ObjectProvider<ObjectMapper> json) {
      this.json = json;
    }

    @Override
    public boolean processRequest(
        CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (super.processRequest(config, request, response)) {
        return true;
      }
      if (!CorsUtils.isPreFlightRequest(request)) {
        return true; // Without CORS headers: the browser keeps the answer from the page.
      }
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.FORBIDDEN,
              "Cross-origin requests from "
                  + request.getHeader(HttpHeaders.ORIGIN)
                  + " are not allowed.");
      problem.setTitle(HttpStatus.FORBIDDEN.getReasonPhrase());
      problem.setInstance(URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.FORBIDDEN.value());
      response.setContentType("application/problem+json");
      json.getObject().writeValue(response.getOutputStream(), problem);
      return false;
    }

    /** The status only: {@link #processRequest} writes the body. */
    @Override
    protected void rejectRequest(ServerHttpResponse response) {
      response.setStatusCode(HttpStatus.FORBIDDEN);
    }
  }
}
