package dev.jobs.api.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.core.properties.SwaggerUiOAuthProperties;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springdoc.webmvc.ui.SwaggerIndexPageTransformer;
import org.springdoc.webmvc.ui.SwaggerIndexTransformer;
import org.springdoc.webmvc.ui.SwaggerWelcomeCommon;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.servlet.resource.ResourceTransformerChain;
import org.springframework.web.servlet.resource.TransformedResource;

/**
 * Swagger UI signs the writes: the page's initializer, as springdoc makes it, gains the script
 * {@code swagger-ui/sigv4-signing.js} (an "Authorize" form for the {@code sigv4} scheme and a
 * request interceptor that signs with aws4fetch, which the build copies from node_modules to {@code
 * static/swagger-ui-signer/}), and the region this function runs in as the form's default. Nothing
 * else is pre-filled: the credentials are the person's, typed into the page.
 */
@Configuration(proxyBeanMethods = false)
public class SigV4SwaggerUi {

  static final String SCRIPT = "swagger-ui/sigv4-signing.js";

  /** springdoc's own anchors in the initializer, which Swagger UI's upgrades could move. */
  private static final String PLUGINS = "plugins: [";

  private static final String PRESETS = "presets: [";

  @Bean
  SwaggerIndexTransformer sigV4IndexTransformer(
      SwaggerUiConfigProperties swaggerUiConfig,
      SwaggerUiOAuthProperties swaggerUiOAuth,
      SwaggerWelcomeCommon swaggerWelcome,
      ObjectMapperProvider objectMapperProvider,
      @Value("${AWS_REGION:}") String region) {
    return new SwaggerIndexPageTransformer(
        swaggerUiConfig, swaggerUiOAuth, swaggerWelcome, objectMapperProvider) {
      private final AntPathMatcher initializer = new AntPathMatcher();

      @Override
      public Resource transform(
          HttpServletRequest request, Resource resource, ResourceTransformerChain chain)
          throws IOException {
        Resource transformed = super.transform(request, resource, chain);
        if (!initializer.match(
            "**/swagger-ui/**/swagger-initializer.js", resource.getURL().toString())) {
          return transformed;
        }
        String page = transformed.getContentAsString(StandardCharsets.UTF_8);
        return new TransformedResource(
            resource, signing(page, quoted(region)).getBytes(StandardCharsets.UTF_8));
      }

      private String quoted(String text) {
        try {
          return objectMapper.writeValueAsString(text);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** The initializer with the signing script first, its plugin and its request interceptor. */
  static String signing(String initializer, String quotedRegion) {
    if (!initializer.contains(PLUGINS) || !initializer.contains(PRESETS)) {
      throw new IllegalStateException(
          "swagger-initializer.js has no '" + PLUGINS + "' or '" + PRESETS + "' any more");
    }
    return Script.TEXT
        + "jobsSigV4.region = "
        + quotedRegion
        + ";\n"
        + initializer
            .replace(PLUGINS, PLUGINS + "jobsSigV4.plugin, ")
            .replace(PRESETS, "requestInterceptor: jobsSigV4.requestInterceptor,\n    " + PRESETS);
  }

  /** Read once, on the page's first load: not at start-up, where cold starts pay for it. */
  private static final class Script {
    static final String TEXT = read();
  }

  private static String read() {
    try (InputStream script = SigV4SwaggerUi.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (script == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the classpath");
      }
      return new String(script.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCRIPT, e);
    }
  }
}
