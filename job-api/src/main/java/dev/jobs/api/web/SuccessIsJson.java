package dev.jobs.api.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The generated interfaces let every operation produce {@code application/problem+json} (their
 * errors do), so a client that asked for it alone got a job or a page labelled as a problem. A
 * success is {@code application/json} or, for such a client, a 406 problem.
 */
@RestControllerAdvice
public class SuccessIsJson implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body == null
        || body instanceof ProblemDetail
        || !MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(contentType)) {
      return body;
    }
    boolean acceptsJson =
        request.getHeaders().getAccept().stream()
            .anyMatch(accepted -> accepted.includes(MediaType.APPLICATION_JSON));
    if (!acceptsJson) {
      throw new NotAcceptable();
    }
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return body;
  }

  /** Unchecked, to leave the advice; answered as {@link HttpMediaTypeNotAcceptableException}. */
  static final class NotAcceptable extends RuntimeException {}
}
