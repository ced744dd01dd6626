package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobs.localaws.LocalAws;
import dev.jobs.locallambda.ExecuteApiSignatures;
import dev.jobs.locallambda.RawHttp;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The contract at its edges, as an outside campaign probed it (Schemathesis, a validating proxy,
 * hand probes): media type parameters, conditional headers, every method on every path and on the
 * stage's root, digits of other scripts, tampered cursors, bytes that are not UTF-8, and signatures
 * that break one rule each. Every answer is below 500 and the contract's, or, for what API Gateway
 * refuses before any route, API Gateway's own.
 */
class ContractEdgesTest {

  private static final PropertyTarget TARGET = PropertyTarget.get();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB =
      "{\"city\":\"Edgeville\",\"company_name\":\"ACME\",\"title\":\"Tester\"}";

  /** A job to read, never changed; one the conditional requests replace and delete. */
  private static String id;

  private static String changedId;
  private static String etag;
  private static String cursorId;

  /** The jobs, and a cursor of a listing of two pages at least. */
  @BeforeContainer
  static void jobsAndACursor() throws Exception {
    id = create().getKey();
    newJobToChange();
    HttpResponse<String> page =
        TARGET.send(TARGET.request("GET", "/v1/jobs?city=Edgeville&limit=1", null), false);
    String cursor = JSON.readTree(page.body()).get("next_cursor").asText();
    cursorId = JSON.readTree(Base64.getUrlDecoder().decode(cursor)).get("id").asText();
  }

  private static Map.Entry<String, String> create() throws Exception {
    HttpResponse<String> created = TARGET.send(TARGET.request("POST", "/v1/jobs", JOB), true);
    return Map.entry(
        JSON.readTree(created.body()).get("id").asText(),
        created.headers().firstValue("ETag").orElseThrow());
  }

  private static void newJobToChange() throws Exception {
    Map.Entry<String, String> created = create();
    changedId = created.getKey();
    etag = created.getValue();
  }

  // --- Accept and Content-Type, with their parameters.

  @Property(tries = 60)
  void anyAcceptIsAnsweredAsTheContractSays(
      @ForAll("reads") String path, @ForAll("accepts") String accept) throws Exception {
    HttpResponse<String> answer =
        TARGET.send(TARGET.request("GET", path, null).header("Accept", accept), false);

    TARGET.assertDeclared("GET", path, answer);
    assertThat(answer.statusCode()).as(accept).isIn(200, 406);
    if (answer.statusCode() == 200) {
      assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/json");
    }
  }

  @Property(tries = 40)
  void anyContentTypeIsAnsweredAsTheContractSays(@ForAll("contentTypes") String contentType)
      throws Exception {
    HttpResponse<String> answer =
        TARGET.send(
            TARGET.request("POST", "/v1/jobs", JOB).setHeader("Content-Type", contentType), true);

    TARGET.assertDeclared("POST", "/v1/jobs", answer);
    boolean json =
        contentType.toLowerCase().matches("application/json\\s*(;\\s*charset=\"?utf-?8\"?)?");
    assertThat(answer.statusCode()).as(contentType).isEqualTo(json ? 201 : 415);
  }

  @Provide
  Arbitrary<String> reads() {
    return Arbitraries.of("/v1/health", "/v1/jobs", "/v1/jobs?limit=1", "/v1/jobs/" + id);
  }

  @Provide
  Arbitrary<String> accepts() {
    Arbitrary<String> type =
        Arbitraries.of(
            "application/json",
            "application/problem+json",
            "application/*",
            "*/*",
            "text/html",
            "application/xml");
    Arbitrary<String> parameter =
        Arbitraries.of(
            "",
            ";charset=utf-8",
            ";charset=UTF8",
            ";charset=latin1",
            ";charset=utf-16",
            ";charset=bogus",
            ";q=0.5",
            ";q=0",
            ";version=2");
    return Combinators.combine(type, parameter, type, parameter)
        .as((a, pa, b, pb) -> a + pa + ", " + b + pb);
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Combinators.combine(
            Arbitraries.of(
                "application/json", "APPLICATION/JSON", "application/problem+json", "text/plain"),
            Arbitraries.of(
                "",
                "; charset=utf-8",
                ";charset=UTF-8",
                "; charset=utf-16",
                "; charset=latin1",
                "; charset=bogus",
                "; charset=\"utf-8\"",
                "; Charset=\"no such charset\""))
        .as((type, parameter) -> type + parameter);
  }

  // --- Conditional headers.

  @Property(tries = 40)
  void conditionalRequestsAreAnsweredAsTheContractSays(
      @ForAll("conditionalMethods") String method,
      @ForAll("conditions") String condition,
      @ForAll("tags") String tag)
      throws Exception {
    String path = "/v1/jobs/" + changedId;
    HttpRequest.Builder request =
        TARGET.request(method, path, method.equals("PUT") ? JOB : null).header(condition, tag);
    HttpResponse<String> answer = TARGET.send(request, !method.equals("GET"));

    TARGET.assertDeclared(method, path, answer);
    // A replace gave the job a new version, a delete took it.
    if (answer.statusCode() == 204) {
      newJobToChange();
    } else if (answer.statusCode() == 200 && method.equals("PUT")) {
      etag = answer.headers().firstValue("ETag").orElseThrow();
    }
  }

  @Provide
  Arbitrary<String> conditionalMethods() {
    return Arbitraries.of("GET", "PUT", "DELETE");
  }

  @Provide
  Arbitrary<String> conditions() {
    return Arbitraries.of("If-Match", "If-None-Match");
  }

  @Provide
  Arbitrary<String> tags() {
    return Arbitraries.of("*", "\"0123\"", "W/\"0123\"", "current", "\"0123\", current", "junk")
        .map(tag -> tag.replace("current", etag));
  }

  // --- Every method on every path, the stage's root included.

  @Property(tries = 80)
  void everyMethodOnEveryPathIsDeclaredOrRefusedAsApiGatewayDoes(
      @ForAll("paths") String path, @ForAll("methods") String method, @ForAll boolean signed)
      throws Exception {
    byte[] body = JOB.getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer answer = raw(method, "/dev" + path, body, signed ? Signing.RIGHT : null);

    assertThat(answer.status()).as(method + " " + path).isLessThan(500);
    if (path.equals("/")) {
      assertThat(answer.status()).isEqualTo(404); // ANY /{proxy+} wants a segment
      return;
    }
    Set<String> declared = declaredMethods(path);
    if (declared.contains(method)) {
      TARGET.assertDeclared(
          method, path, answer.status(), answer.headers().get("content-type"), answer.body());
    } else if (!method.equals("OPTIONS") && !method.equals("HEAD")) {
      assertThat(answer.status()).as(method + " " + path).isIn(404, 405);
      if (answer.status() == 405) {
        assertThat(answer.headers().get("allow")).isNotEmpty();
      }
      assertThat(answer.headers().get("content-type")).isEqualTo("application/problem+json");
    }
  }

  @Provide
  Arbitrary<String> paths() {
    // An id of no job: a DELETE here must not take the job the other properties read.
    return Arbitraries.of(
        "/", "/v1/health", "/v1/jobs", "/v1/jobs/0123456789abcdef0123456789abcdef", "/v1/nothing");
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");
  }

  private static Set<String> declaredMethods(String path) {
    String template = path.startsWith("/v1/jobs/") ? "/v1/jobs/{id}" : path;
    var item = TARGET.contract.getPaths().get(template);
    if (item == null) {
      return Set.of();
    }
    return item.readOperationsMap().keySet().stream().map(Enum::name).collect(Collectors.toSet());
  }

  // --- Digits of other scripts, tampered cursors.

  @Property(tries = 30)
  void aLimitIsAsciiDecimalOnly(@ForAll("otherScriptDigits") String digit) throws Exception {
    String path = "/v1/jobs?limit=" + URLEncoder.encode(digit, StandardCharsets.UTF_8);
    HttpResponse<String> answer = TARGET.send(TARGET.request("GET", path, null), false);

    TARGET.assertDeclared("GET", path, answer);
    assertThat(answer.statusCode()).as(digit).isEqualTo(400);
  }

  @Provide
  Arbitrary<String> otherScriptDigits() {
    // Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, full-width, mathematical.
    return Arbitraries.of(0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE)
        .flatMap(
            zero -> Arbitraries.integers().between(1, 9).map(n -> Character.toString(zero + n)));
  }

  @Property(tries = 30)
  void aTamperedCursorIsABadRequest(@ForAll("tamperedCursors") String tampered) throws Exception {
    String path = "/v1/jobs?city=Edgeville&cursor=" + tampered;
    HttpResponse<String> answer = TARGET.send(TARGET.request("GET", path, null), false);

    TARGET.assertDeclared("GET", path, answer);
    assertThat(answer.statusCode())
        .as(new String(Base64.getUrlDecoder().decode(tampered), StandardCharsets.UTF_8))
        .isEqualTo(400);
  }

  @Provide
  Arbitrary<String> tamperedCursors() {
    return Arbitraries.of(
            "{\"id\":ID,\"city\":\"Edgeville\",\"of\":\"Edgeville\"}",
            "{\"id\":\"ID\",\"city\":5,\"of\":\"Edgeville\"}",
            "{\"id\":\"ID\",\"city\":\"Edgeville\",\"of\":\"Edgeville\"} trailing",
            "{\"id\":\"ID\",\"city\":\"Edgeville\",\"city\":\"Edgeville\",\"of\":\"Edgeville\"}",
            "{\"city\":\"Edgeville\",\"id\":\"ID\",\"of\":\"Edgeville\"}",
            "{\"id\":\"ID\",\"city\":\"Edgeville\",\"of\":\"Edgeville\"}\n",
            "{\"id\":\"ID\",\"city\":[\"Edgeville\"],\"of\":\"Edgeville\"}")
        .map(
            json ->
                Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(json.replace("ID", cursorId).getBytes(StandardCharsets.UTF_8)));
  }

  // --- Bytes that are not UTF-8.

  @Property(tries = 30)
  void aBodyThatIsNotUtf8IsABadRequest(@ForAll("notUtf8") byte[] sequence) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"city\":\"Ly".getBytes(StandardCharsets.UTF_8));
    body.writeBytes(sequence);
    body.writeBytes(
        "on\",\"company_name\":\"A\",\"title\":\"T\"}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> answer =
        TARGET.send(
            TARGET
                .request("POST", "/v1/jobs", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
            true);

    TARGET.assertDeclared("POST", "/v1/jobs", answer);
    assertThat(answer.statusCode()).isEqualTo(400);
  }

  @Provide
  Arbitrary<byte[]> notUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0xC0, (byte) 0xAF}, // '/' overlong in two bytes
        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // '/' overlong in three
        new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // and in four
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate, encoded
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        new byte[] {(byte) 0x80}, // a continuation alone
        new byte[] {(byte) 0xE2, (byte) 0x82}, // cut short
        new byte[] {(byte) 0xFF}, // never in UTF-8
        new byte[] {(byte) 0xE9}); // Latin-1's é
  }

  // --- Signatures that break one rule each, against the gateway.

  /** How a write is signed: right, or with one rule of Signature Version 4 broken. */
  enum Signing {
    RIGHT("host;x-amz-date", "X-Amz-Date", false, false),
    NO_HOST("x-amz-date", "X-Amz-Date", false, false),
    DATE_UNSIGNED("host", "X-Amz-Date", false, false),
    ONLY_CONTENT_TYPE("content-type", "X-Amz-Date", false, false),
    TOKEN_UNSIGNED("host;x-amz-date", "X-Amz-Date", true, false),
    SECOND_AUTHORIZATION("host;x-amz-date", "X-Amz-Date", false, true),
    HTTP_DATE("date;host", "Date", false, false);

    final String signedHeaders;
    final String dateHeader;
    final boolean unsignedToken;
    final boolean secondAuthorization;

    Signing(
        String signedHeaders,
        String dateHeader,
        boolean unsignedToken,
        boolean secondAuthorization) {
      this.signedHeaders = signedHeaders;
      this.dateHeader = dateHeader;
      this.unsignedToken = unsignedToken;
      this.secondAuthorization = secondAuthorization;
    }

    boolean holds() {
      return this == RIGHT || this == HTTP_DATE;
    }
  }

  @Property(tries = 30)
  void aSignatureThatBreaksOneRuleIsTheGatewaysRefusal(@ForAll Signing signing) throws Exception {
    RawHttp.Answer answer =
        raw("POST", "/dev/v1/jobs", JOB.getBytes(StandardCharsets.UTF_8), signing);

    if (signing.holds()) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    } else {
      assertThat(answer.status()).as(signing.name()).isEqualTo(403);
      assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
      assertThat(JSON.readTree(answer.body()).get("message").asText()).isNotBlank();
    }
    TARGET.assertDeclared(
        "POST", "/v1/jobs", answer.status(), answer.headers().get("content-type"), answer.body());
  }

  /** A request of exactly these bytes, signed as {@code signing} says (or not, if null). */
  private static RawHttp.Answer raw(String method, String target, byte[] body, Signing signing)
      throws Exception {
    String host = "127.0.0.1:" + TARGET.port();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Host", List.of(host));
    headers.put("Content-Type", List.of("application/json"));
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    if (signing != null) {
      Instant at = Instant.now();
      headers.put(
          signing.dateHeader,
          List.of(
              signing.dateHeader.equals("Date")
                  ? DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC))
                  : DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                      .withZone(ZoneOffset.UTC)
                      .format(at)));
      if (signing.unsignedToken) {
        headers.put("X-Amz-Security-Token", List.of("token"));
      }
      head.append("Authorization: ")
          .append(
              ExecuteApiSignatures.authorization(
                  LocalAws.CREDENTIALS.resolveCredentials(),
                  LocalAws.REGION.id(),
                  method,
                  URI.create("http://" + host + target),
                  headers,
                  signing.signedHeaders,
                  body,
                  at))
          .append("\r\n");
      if (signing.secondAuthorization) {
        head.append("Authorization: garbage\r\n");
      }
    }
    headers.forEach(
        (name, values) -> head.append(name).append(": ").append(values.get(0)).append("\r\n"));
    return RawHttp.send(TARGET.port(), head.toString(), body);
  }
}
