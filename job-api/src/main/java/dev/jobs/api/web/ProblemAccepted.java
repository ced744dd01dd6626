package dev.jobs.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Accept: application/json} as also accepting {@code application/problem+json}, the
 * type of every error here. Without it, an operation whose only bodies are problems (DELETE: 204 or
 * a problem) is mapped as producing problem+json alone, and a client that sends {@code Accept:
 * application/json} would get 406 instead of its 204.
 */
@Component
public class ProblemAccepted extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept == null || !accept.contains("application/json") || accept.contains("problem+json")) {
      chain.doFilter(request, response);
      return;
    }
    String widened = accept + ", application/problem+json";
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? widened : super.getHeader(name);
          }

          @Override
          public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
                ? Collections.enumeration(List.of(widened))
                : super.getHeaders(name);
          }
        },
        response);
  }
}
