package dev.jobs.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * JSON between systems is UTF-8 (RFC 8259), both ways. A body that declares another charset, or one
 * that is no charset, is a 415 (Jackson would have read UTF-16 and stored it); a body whose bytes
 * are not strict UTF-8 is a 400 (Jackson decodes overlong forms, {@code C0 AF} as '/', which RFC
 * 3629 forbids); an {@code Accept} that admits only other charsets is a 406 (no converter could
 * write it: a 500).
 */
@Configuration(proxyBeanMethods = false)
public class Utf8Json implements WebMvcConfigurer, HandlerInterceptor {

  /** Where {@link #declaredCharsets} keeps the Content-Type as the client sent it. */
  private static final String DECLARED = Utf8Json.class.getName() + ".declaredContentType";

  /**
   * First of all filters, in place of Spring Boot's character encoding filter: keeps the
   * Content-Type as declared, then sets UTF-8 on the request, by which the Lambda container decodes
   * an event's text body. The container sets it by rewriting the Content-Type, and reads a charset
   * by name, failing (a 502) on one Java cannot name: it is never asked before this, and whatever
   * was declared, {@link #preHandle} judges it.
   */
  @Bean
  FilterRegistrationBean<Filter> declaredCharsets() {
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(
            (request, response, chain) -> {
              String declared = ((HttpServletRequest) request).getHeader(HttpHeaders.CONTENT_TYPE);
              request.setAttribute(DECLARED, declared);
              if (declared != null) {
                request.setCharacterEncoding(StandardCharsets.UTF_8.name());
              }
              chain.doFilter(request, response);
            });
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
    configurer.strategies(List.of(new Utf8Accept()));
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  /** The body's charset as the client declared it (Spring drops one it does not know). */
  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws HttpMediaTypeNotSupportedException {
    String contentType =
        request.getAttribute(DECLARED) instanceof String declared
            ? declared
            : request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !declaresUtf8(contentType)) {
      throw new HttpMediaTypeNotSupportedException(
          "not UTF-8: " + contentType, List.of(MediaType.APPLICATION_JSON));
    }
    return true;
  }

  /** Whether a Content-Type names no charset or UTF-8, however it spells it. */
  static boolean declaresUtf8(String contentType) {
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
        return isUtf8Name(pair[1].strip().replace("\"", ""));
      }
    }
    return true;
  }

  private static boolean isUtf8Name(String charset) {
    try {
      return StandardCharsets.UTF_8.equals(Charset.forName(charset));
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  /** Every Jackson converter (Spring keeps more than one) checks every byte it reads. */
  @Override
  public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
    converters.replaceAll(
        converter ->
            converter instanceof MappingJackson2HttpMessageConverter json
                ? new Utf8JsonConverter(json.getObjectMapper())
                : converter);
  }

  static final class Utf8JsonConverter extends MappingJackson2HttpMessageConverter {
    Utf8JsonConverter(ObjectMapper json) {
      super(json);
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input)
        throws IOException {
      // At most jobs.max-request-bytes: RequestBodyLimit ends the stream beyond.
      byte[] body = input.getBody().readAllBytes();
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(body));
      } catch (CharacterCodingException e) {
        throw new HttpMessageNotReadableException("The request body is not UTF-8.", e, input);
      }
      return super.read(type, contextClass, bytes(body, input.getHeaders()));
    }
  }

  private static HttpInputMessage bytes(byte[] body, HttpHeaders headers) {
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
  }

  /** A type without a charset is UTF-8 for JSON; one with a charset must name it. */
  static boolean isUtf8(MediaType type) {
    String charset = type.getParameter("charset");
    return charset == null || isUtf8Name(charset.replace("\"", ""));
  }

  /** The {@code Accept} header's types, those of another charset left out. */
  static final class Utf8Accept extends HeaderContentNegotiationStrategy {
    @Override
    public List<MediaType> resolveMediaTypes(NativeWebRequest request)
        throws HttpMediaTypeNotAcceptableException {
      List<MediaType> accepted = super.resolveMediaTypes(request);
      List<MediaType> utf8 = accepted.stream().filter(Utf8Json::isUtf8).toList();
      if (utf8.isEmpty() && !accepted.isEmpty()) {
        throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON));
      }
      return utf8.size() == accepted.size() ? accepted : utf8;
    }
  }
}
