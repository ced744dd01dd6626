package dev.jobs.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The contract declares every query parameter once, with a value, and integers in decimal. Spring
 * would take {@code ?city=Lyon&city=Paris} as the city "Lyon,Paris" and {@code ?limit=} as the
 * default limit; here both are a client's mistake, answered by {@link ProblemHandler} as a 400
 * naming the parameter.
 */
@Configuration(proxyBeanMethods = false)
public class QueryParameters implements WebMvcConfigurer, HandlerInterceptor {

  /** A query parameter given twice or without a value. */
  public static final class InvalidQueryParameterException extends RuntimeException {
    private final String parameter;

    InvalidQueryParameterException(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/v1/**");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return true;
    }
    MultiValueMap<String, String> parameters =
        UriComponentsBuilder.newInstance().query(query).build().getQueryParams();
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      if (parameter.getValue().size() > 1) {
        throw new InvalidQueryParameterException(parameter.getKey(), "must be given once");
      }
      String value = parameter.getValue().get(0);
      if (value == null || value.isEmpty()) {
        throw new InvalidQueryParameterException(parameter.getKey(), "must not be empty");
      }
    }
    return true;
  }
}
