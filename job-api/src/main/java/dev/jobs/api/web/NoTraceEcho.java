package dev.jobs.api.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * TRACE gets the 405 problem of any method that a path does not take. The servlet default answers
 * it 200 with an echo of the request, headers included (on Lambda no Tomcat refuses it first), and
 * Spring's {@code spring.mvc.dispatch-trace-request} falls back to that echo when no handler
 * answers; this dispatcher never echoes. Otherwise it is Boot's, from the same properties.
 */
@Configuration(proxyBeanMethods = false)
public class NoTraceEcho {

  @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
  DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
    DispatcherServlet servlet =
        new DispatcherServlet() {
          @Override
          protected void doTrace(HttpServletRequest request, HttpServletResponse response)
              throws ServletException, IOException {
            processRequest(request, response);
          }
        };
    servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
    servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
    servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
    return servlet;
  }
}
