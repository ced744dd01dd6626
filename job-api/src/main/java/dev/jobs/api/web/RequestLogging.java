package dev.jobs.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the gateway's, else the client's {@code X-Request-Id}, else a new
 * one), puts it on every log line of the request and on the response, and logs one line per request
 * with its outcome.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestLogging extends OncePerRequestFilter {

  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  public static final String REQUEST_ID_KEY = "request_id";

  private static final Logger log = LoggerFactory.getLogger(RequestLogging.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._=-]{1,128}");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(REQUEST_ID_HEADER);
    String requestId =
        given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    long start = System.nanoTime();
    MDC.put(REQUEST_ID_KEY, requestId);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    try {
      chain.doFilter(request, response);
    } finally {
      log.atInfo()
          .addKeyValue("http.method", request.getMethod())
          .addKeyValue("url.path", request.getRequestURI())
          .addKeyValue("http.status", response.getStatus())
          .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000.0)
          .log("{} {} {}", request.getMethod(), request.getRequestURI(), response.getStatus());
      MDC.remove(REQUEST_ID_KEY);
    }
  }
}
