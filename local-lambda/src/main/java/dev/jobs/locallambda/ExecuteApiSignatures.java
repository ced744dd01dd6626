package dev.jobs.locallambda;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a request's Signature Version 4 as API Gateway does on an {@code AWS_IAM} route: one
 * {@code Authorization} header, signed by a known key, for {@code execute-api} in this region,
 * within 5 minutes of now (by {@code X-Amz-Date}, else {@code Date}), and over exactly this method,
 * path, query, signed headers and body, the signed headers holding {@code host}, the date's header
 * and the session token's, if any (any token is taken, the local account has one user). A client
 * whose signing breaks any of these rules fails on AWS: it fails here too.
 */
public final class ExecuteApiSignatures {

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
    List<String> authorizations = all(headers, "authorization");
    if (authorizations.isEmpty()) {
      return Optional.of("Forbidden");
    }
    // Two headers are one, their values joined, as API Gateway reads them: not a signature.
    Matcher signature = AUTHORIZATION.matcher(String.join(",", authorizations).strip());
    if (!signature.matches()) {
      return Optional.of(
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
    }
    List<String> signedHeaders = List.of(signature.group(5).split(";"));
    if (!signedHeaders.contains("host")) {
      return Optional.of(notSigned("'Host' or ':authority'"));
    }
    String dateHeader = first(headers, "x-amz-date") != null ? "x-amz-date" : "date";
    if (first(headers, dateHeader) == null) {
      return Optional.of(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (!signedHeaders.contains(dateHeader)) {
      return Optional.of(notSigned(dateHeader.equals("date") ? "'Date'" : "'X-Amz-Date'"));
    }
    if (first(headers, "x-amz-security-token") != null
        && !signedHeaders.contains("x-amz-security-token")) {
      return Optional.of(notSigned("'X-Amz-Security-Token'"));
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
      signedAt = signedAt(first(headers, dateHeader));
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

  /**
   * The {@code Authorization} header a client sends, signed over exactly {@code signedHeaders}
   * (semicolon-separated, as given): for tests of clients that break one signing rule. The headers
   * must hold what is signed, {@code host} included.
   */
  public static String authorization(
      AwsCredentialsIdentity credentials,
      String region,
      String method,
      URI uri,
      Map<String, List<String>> headers,
      String signedHeaders,
      byte[] body,
      Instant signedAt) {
    String signature =
        new ExecuteApiSignatures(credentials, region, Clock.fixed(signedAt, ZoneOffset.UTC))
            .signatureOf(method, uri, headers, signedHeaders, body, signedAt);
    return "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, Signature=%s"
        .formatted(
            credentials.accessKeyId(),
            amzDate(signedAt).substring(0, 8),
            region,
            SERVICE,
            signedHeaders,
            signature);
  }

  private static String notSigned(String header) {
    return header + " must be a 'SignedHeader' in the AWS Authorization.";
  }

  /** The date in ISO 8601's basic form, or, in a {@code Date} header, HTTP's (RFC 1123). */
  private static Instant signedAt(String date) {
    try {
      return Instant.from(AMZ_DATE.parse(date));
    } catch (DateTimeParseException notBasic) {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date));
    }
  }

  /**
   * The signature of the request over exactly the headers the client signed, as Signature Version 4
   * defines it (and API Gateway computes it): a canonical request, hashed into the string to sign,
   * signed with a key derived from the secret for the date, region and service. Written out because
   * the SDK's signer always adds {@code x-amz-content-sha256} to what it signs, which other clients
   * (curl, botocore) do not.
   */
  private String signatureOf(
      String method,
      URI uri,
      Map<String, List<String>> headers,
      String signedHeaders,
      byte[] body,
      Instant signedAt) {
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      List<String> values =
          headers.entrySet().stream()
              .filter(header -> header.getKey().equalsIgnoreCase(name))
              .flatMap(header -> header.getValue().stream())
              .map(value -> value.strip().replaceAll(" +", " "))
              .toList();
      canonicalHeaders.append(name).append(':').append(String.join(",", values)).append('\n');
    }
    String canonicalRequest =
        String.join(
            "\n",
            method,
            // Each segment encoded once more (execute-api is not S3): the raw path, % as %25.
            encode(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .replace("%2F", "/"),
            canonicalQuery(uri.getRawQuery()),
            canonicalHeaders.toString(),
            signedHeaders,
            hex(sha256(body)));
    String date = amzDate(signedAt).substring(0, 8);
    String scope = String.join("/", date, region, SERVICE, "aws4_request");
    String stringToSign =
        String.join(
            "\n",
            "AWS4-HMAC-SHA256",
            amzDate(signedAt),
            scope,
            hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
    for (String part : List.of(date, region, SERVICE, "aws4_request")) {
      key = hmac(key, part);
    }
    return hex(hmac(key, stringToSign));
  }

  /** Parameters sorted by name then value, each encoded as RFC 3986 unreserved characters. */
  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    return Arrays.stream(rawQuery.split("&"))
        .filter(pair -> !pair.isEmpty())
        .map(
            pair -> {
              int equals = pair.indexOf('=');
              String name = equals < 0 ? pair : pair.substring(0, equals);
              String value = equals < 0 ? "" : pair.substring(equals + 1);
              return encode(decode(name)) + "=" + encode(decode(value));
            })
        .sorted()
        .collect(Collectors.joining("&"));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986: every byte but the unreserved characters percent-encoded, in upper case. */
  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    return all(headers, name).stream().findFirst().orElse(null);
  }

  private static List<String> all(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(header -> header.getKey().toLowerCase(Locale.ROOT).equals(name))
        .flatMap(header -> header.getValue().stream())
        .toList();
  }

  private static String amzDate(Instant instant) {
    return AMZ_DATE.format(instant);
  }
}
