package dev.jobs.localaws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Checks a request's Signature Version 4 as API Gateway does on an {@code AWS_IAM} route: signed by
 * a known key, for {@code execute-api} in this region, within 5 minutes of now, and over exactly
 * this method, path, query, signed headers and body. The check signs the request again with the AWS
 * SDK's own signer and compares the two signatures.
 */
final class ExecuteApiSignatures {

  static final String SERVICE = "execute-api";

  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
              + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");

  private final AwsCredentialsIdentity credentials;
  private final String region;
  private final Clock clock;

  ExecuteApiSignatures(AwsCredentialsIdentity credentials, String region, Clock clock) {
    this.credentials = credentials;
    this.region = region;
    this.clock = clock;
  }

  /**
   * Why API Gateway would refuse the request (its message), or nothing if the signature holds.
   *
   * @param uri the request's URI as the client addressed it: scheme, Host header, raw path, query
   * @param headers the request's headers, names in any case
   */
  Optional<String> refusal(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    String authorization = first(headers, "authorization");
    if (authorization == null) {
      return Optional.of("Forbidden");
    }
    Matcher signature = AUTHORIZATION.matcher(authorization.strip());
    if (!signature.matches()) {
      return Optional.of(
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
    }
    if (!signature.group(1).equals(credentials.accessKeyId())) {
      return Optional.of("The security token included in the request is invalid.");
    }
    if (!signature.group(3).equals(region)) {
      return Optional.of("Credential should be scoped to a valid region.");
    }
    if (!signature.group(4).equals(SERVICE)) {
      return Optional.of("Credential should be scoped to correct service: '" + SERVICE + "'.");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(String.valueOf(first(headers, "x-amz-date"))));
    } catch (DateTimeParseException e) {
      return Optional.of(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(SKEW))) {
      return Optional.of(
          "Signature expired: %s is now earlier than %s (%s - 5 min.)"
              .formatted(amzDate(signedAt), amzDate(now.minus(SKEW)), amzDate(now)));
    }
    if (signedAt.isAfter(now.plus(SKEW))) {
      return Optional.of(
          "Signature not yet current: %s is still later than %s (%s + 5 min.)"
              .formatted(amzDate(signedAt), amzDate(now.plus(SKEW)), amzDate(now)));
    }
    if (!amzDate(signedAt).startsWith(signature.group(2))) {
      return Optional.of(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'."
              .formatted(signature.group(2), amzDate(signedAt).substring(0, 8), amzDate(signedAt)));
    }
    String expected = signatureOf(method, uri, headers, signature.group(5), body, signedAt);
    boolean same =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            signature.group(6).getBytes(StandardCharsets.US_ASCII));
    return same
        ? Optional.empty()
        : Optional.of(
            "The request signature we calculated does not match the signature you provided. Check"
                + " your AWS Secret Access Key and signing method. Consult the service documentation"
                + " for details.");
  }

  /** The signature of the request as the SDK signs it, with only the headers the client signed. */
  private String signatureOf(
      String method,
      URI uri,
      Map<String, List<String>> headers,
      String signedHeaders,
      byte[] body,
      Instant signedAt) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    for (String name : signedHeaders.split(";")) {
      // The signer adds these itself: from the URI, the clock and the credentials.
      if (!List.of("host", "x-amz-date", "x-amz-security-token").contains(name)) {
        headers.forEach(
            (header, values) -> {
              if (header.equalsIgnoreCase(name)) {
                values.forEach(value -> request.appendHeader(name, value));
              }
            });
      }
    }
    String token = first(headers, "x-amz-security-token");
    AwsCredentialsIdentity identity =
        token == null
            ? credentials
            : AwsSessionCredentialsIdentity.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), token);
    String authorization =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(identity)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
            .request()
            .firstMatchingHeader("Authorization")
            .orElseThrow();
    return authorization.substring(authorization.lastIndexOf('=') + 1);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(header -> header.getKey().toLowerCase(Locale.ROOT).equals(name))
        .flatMap(header -> header.getValue().stream())
        .findFirst()
        .orElse(null);
  }

  private static String amzDate(Instant instant) {
    return AMZ_DATE.format(instant);
  }
}
