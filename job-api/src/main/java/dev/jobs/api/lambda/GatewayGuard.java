package dev.jobs.api.lambda;

import com.amazonaws.serverless.proxy.RequestReader;
import com.amazonaws.serverless.proxy.model.HttpApiV2AuthorizerMap;
import com.amazonaws.serverless.proxy.model.HttpApiV2ProxyRequest;
import dev.jobs.api.web.UnsignedWriteException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What API Gateway's event says that the app must refuse, checked once Spring matched the request
 * to an operation, so that a method a path does not take is its 405 first, and answered by the one
 * problem renderer: a path the container made readable that the contract does not have, and a write
 * that came without the gateway's IAM authorization. The event is the request attribute the Lambda
 * container sets, as pet-store's identity filter reads it; served on a port (the tests) the app has
 * no gateway, and nothing to check.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayGuard implements WebMvcConfigurer, HandlerInterceptor {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws NoHandlerFoundException {
    if (!(request.getAttribute(RequestReader.HTTP_API_EVENT_PROPERTY)
        instanceof HttpApiV2ProxyRequest event)) {
      return true;
    }
    if (!isExact(event.getRawPath())) {
      throw new NoHandlerFoundException(
          request.getMethod(), request.getRequestURI(), new HttpHeaders());
    }
    if (handler instanceof HandlerMethod
        && WRITES.contains(request.getMethod())
        && !isSigned(event)) {
      throw new UnsignedWriteException();
    }
    return true;
  }

  /**
   * Whether the path is one the app may answer. The container drops a trailing slash and merges
   * slashes before the app sees the path: {@code /v1/jobs/} listed jobs, {@code /v1//jobs} too, and
   * the client's {@code getJob("")} read a page as a job. The contract has no such paths.
   */
  static boolean isExact(String rawPath) {
    return rawPath == null
        || rawPath.equals("/")
        || (!rawPath.endsWith("/") && !rawPath.contains("//"));
  }

  /**
   * Whether the gateway authorized the write with IAM. It refuses unsigned writes on the write
   * routes; a path that Spring reads as a write operation but the gateway routes elsewhere (such as
   * {@code POST /v1/jobs;x}, which Spring matches to {@code /v1/jobs}) comes by the public {@code
   * ANY /{proxy+}}, unsigned.
   */
  static boolean isSigned(HttpApiV2ProxyRequest event) {
    HttpApiV2AuthorizerMap authorizer =
        event.getRequestContext() == null ? null : event.getRequestContext().getAuthorizer();
    return authorizer != null && authorizer.isIam();
  }
}
