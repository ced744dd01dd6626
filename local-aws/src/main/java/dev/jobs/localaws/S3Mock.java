package dev.jobs.localaws;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** S3 emulated by Adobe's S3Mock (a Spring Boot app), embedded in this JVM; path-style only. */
public final class S3Mock implements Emulator {

  private final S3MockApplication application;
  private final URI endpoint;

  private S3Mock(S3MockApplication application, int port) {
    this.application = application;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Starts S3Mock on the port. With a root directory the objects survive restarts; without, they go
   * to a temporary directory removed on close.
   */
  public static S3Mock start(Path rootDirectory, int port) {
    // S3Mock adds its defaults to this map: it must be mutable.
    Map<String, Object> properties = new HashMap<>();
    properties.put(S3MockApplication.PROP_HTTP_PORT, port);
    properties.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
    // Its second connector without TLS: nothing here speaks HTTPS to S3Mock, and its keystore and
    // SSL context cost about 0.4 s of CPU at each start.
    properties.put("server.ssl.enabled", false);
    properties.put(S3MockApplication.PROP_SILENT, true);
    properties.put("server.address", "127.0.0.1");
    properties.put("spring.main.banner-mode", "off");
    // Read no application.* file: the classpath holds the job API's, and S3Mock's own is replaced
    // by the settings below, from it.
    properties.put("spring.config.name", "s3mock-embedded");
    properties.put("spring.main.lazy-initialization", true);
    properties.put("spring.jmx.enabled", false);
    // S3Mock's own API documentation: nobody reads it here, and springdoc warns at each start.
    properties.put("springdoc.api-docs.enabled", false);
    properties.put("springdoc.swagger-ui.enabled", false);
    // Stopped by close() alone: with Spring's own hook too, whichever came second printed a trace.
    properties.put("spring.main.register-shutdown-hook", false);
    // Nor may Spring Boot's logging hook stop the JVM's logback while S3Mock still logs its close:
    // logback then printed "No appenders present" on the terminal after the stop line.
    properties.put("logging.register-shutdown-hook", false);
    properties.put("server.tomcat.max-swallow-size", "10MB");
    properties.put("com.adobe.testing.s3mock.region", LocalAws.REGION.id());
    // S3 lets a reader take its time over a large object; S3Mock's MVC would cut it at 30 s.
    properties.put("spring.mvc.async.request-timeout", "1h");
    if (rootDirectory != null) {
      properties.put(
          S3MockApplication.PROP_ROOT_DIRECTORY, rootDirectory.toAbsolutePath().toString());
      properties.put("com.adobe.testing.s3mock.store.retainFilesOnExit", true);
    }
    return new S3Mock(S3MockApplication.start(properties), port);
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    application.stop();
  }
}
