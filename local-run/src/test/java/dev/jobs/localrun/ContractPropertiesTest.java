package dev.jobs.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The contract as properties of the running API: requests generated from job-api.yaml's schemas,
 * valid ones and ones that break exactly one constraint (a length, a pattern, a type, a required
 * field, null, an unknown field, text that is not Unicode, a query parameter out of range, empty,
 * given twice), sent through the local gateway to job_api_lambda running from its zip. Every answer
 * is below 500 and declared by the contract (status, content type, body); a valid request succeeds
 * (or, for a job that does not exist, is a declared 404); a broken one is a 400. jqwik prints the
 * seed of a failing run.
 */
class ContractPropertiesTest {

  private static final String SPEC = "../api-spec/job-api.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Characters a job's text may hold: ASCII, accents, CJK, outside the BMP, URL and JSON syntax.
   */
  private static final List<String> CHARACTERS =
      List.of(
          "a",
          "Z",
          "7",
          " ",
          "é",
          "ü",
          "ß",
          "日",
          "本",
          "\uD83D\uDE80",
          "-",
          "'",
          "\"",
          "\\",
          "/",
          "&",
          "=",
          "?",
          "%",
          "+",
          "#",
          ",",
          ";");

  private static final PropertyTarget TARGET = PropertyTarget.get();

  // --- Creating and replacing: bodies from JobInput.

  @Property(tries = 200)
  void aValidJobIsCreatedAsSent(@ForAll("validJobs") Map<String, Object> job) throws Exception {
    HttpResponse<String> created = send("POST", "/v1/jobs", json(job));

    assertDeclared("POST", "/v1/jobs", created);
    assertThat(created.statusCode()).as(PropertyTarget.shortly(created.body())).isEqualTo(201);
    Map<?, ?> stored = JSON.readValue(created.body(), Map.class);
    job.forEach((field, value) -> assertThat(stored.get(field)).as(field).isEqualTo(value));
  }

  @Property(tries = 300)
  void aBodyThatBreaksOneConstraintIsRefused(
      @ForAll("brokenJobs") String body, @ForAll boolean replace) throws Exception {
    String path = replace ? "/v1/jobs/0123456789abcdef0123456789abcdef" : "/v1/jobs";
    HttpResponse<String> refused = send(replace ? "PUT" : "POST", path, body);

    assertDeclared(replace ? "PUT" : "POST", path, refused);
    assertThat(refused.statusCode())
        .as(body + " -> " + PropertyTarget.shortly(refused.body()))
        .isEqualTo(400);
  }

  // --- Reading, listing, deleting: paths and queries.

  @Property(tries = 150)
  void anyJobIdIsFoundOrNotFound(@ForAll("jobIds") String id, @ForAll("readOrDelete") String method)
      throws Exception {
    HttpResponse<String> response = send(method, "/v1/jobs/" + id, null);

    assertDeclared(method, "/v1/jobs/" + id, response);
    assertThat(response.statusCode()).isIn(200, 204, 404);
  }

  @Property(tries = 100)
  void aBrokenJobIdIsRefused(@ForAll("brokenJobIds") String id) throws Exception {
    HttpResponse<String> response = send("GET", "/v1/jobs/" + id, null);

    assertDeclared("GET", "/v1/jobs/" + id, response);
    assertThat(response.statusCode()).as(id).isEqualTo(400);
  }

  @Property(tries = 200)
  void aValidListingIsAPage(@ForAll("validQueries") String query) throws Exception {
    HttpResponse<String> page = send("GET", "/v1/jobs" + query, null);

    assertDeclared("GET", "/v1/jobs" + query, page);
    assertThat(page.statusCode())
        .as(query + " -> " + PropertyTarget.shortly(page.body()))
        .isEqualTo(200);
  }

  @Property(tries = 200)
  void aListingThatBreaksOneConstraintIsRefused(@ForAll("brokenQueries") String query)
      throws Exception {
    HttpResponse<String> refused = send("GET", "/v1/jobs" + query, null);

    assertDeclared("GET", "/v1/jobs" + query, refused);
    assertThat(refused.statusCode())
        .as(query + " -> " + PropertyTarget.shortly(refused.body()))
        .isEqualTo(400);
  }

  // --- Generators, from the contract's schemas.

  private static Map<String, Schema<?>> inputFields() {
    @SuppressWarnings("unchecked")
    Map<String, Schema<?>> fields =
        (Map<String, Schema<?>>)
            (Map<?, ?>)
                TARGET.contract.getComponents().getSchemas().get("JobInput").getProperties();
    return fields;
  }

  private static Set<String> required() {
    return Set.copyOf(TARGET.contract.getComponents().getSchemas().get("JobInput").getRequired());
  }

  /** Text the field's schema allows, its length in characters as JSON Schema counts. */
  private static Arbitrary<String> valid(String field, Schema<?> schema) {
    if (schema.getPattern() != null) {
      return createdDates(); // the only pattern of JobInput
    }
    int min = schema.getMinLength() == null ? 0 : schema.getMinLength();
    int max = schema.getMaxLength();
    // Mostly short, sometimes exactly at the limit.
    return Arbitraries.frequencyOf(
        Tuple.of(9, text(min, Math.min(max, 30))), Tuple.of(1, text(max, max)));
  }

  private static Arbitrary<String> text(int minLength, int maxLength) {
    return Arbitraries.of(CHARACTERS)
        .list()
        .ofMinSize(minLength)
        .ofMaxSize(maxLength)
        .map(characters -> String.join("", characters));
  }

  private static Arbitrary<String> createdDates() {
    return Combinators.combine(
            Arbitraries.integers().between(1990, 2030),
            Arbitraries.integers().between(1, 12),
            Arbitraries.integers().between(1, 28),
            Arbitraries.integers().between(0, 23),
            Arbitraries.integers().between(0, 59),
            Arbitraries.integers().between(0, 59),
            Arbitraries.integers().between(-1, 999))
        .as(
            (y, mo, d, h, mi, s, ms) ->
                "%04d-%02d-%02d %02d:%02d:%02d%s"
                    .formatted(y, mo, d, h, mi, s, ms < 0 ? "" : ".%03d".formatted(ms)));
  }

  @Provide
  Arbitrary<Map<String, Object>> validJobs() {
    Set<String> required = required();
    List<String> optional =
        inputFields().keySet().stream().filter(field -> !required.contains(field)).toList();
    return Arbitraries.subsetOf(optional)
        .flatMap(
            chosen -> {
              List<String> present =
                  inputFields().keySet().stream()
                      .filter(field -> required.contains(field) || chosen.contains(field))
                      .toList();
              List<Arbitrary<String>> values =
                  present.stream().map(field -> valid(field, inputFields().get(field))).toList();
              return Combinators.combine(values)
                  .as(
                      generated -> {
                        Map<String, Object> job = new LinkedHashMap<>();
                        for (int i = 0; i < present.size(); i++) {
                          job.put(present.get(i), generated.get(i));
                        }
                        return job;
                      });
            });
  }

  /** Kinds of breakage of one field, or of the body as a whole. */
  private enum Breakage {
    NUMBER,
    NULL,
    ARRAY,
    TOO_LONG,
    EMPTY,
    UNPAIRED_SURROGATE,
    UNKNOWN_FIELD,
    REQUIRED_FIELD_MISSING,
    TEXT_AFTER_THE_OBJECT
  }

  @Provide
  Arbitrary<String> brokenJobs() {
    return Combinators.combine(
            validJobs(),
            Arbitraries.of(List.copyOf(inputFields().keySet())),
            Arbitraries.of(List.copyOf(required())),
            Arbitraries.of(Breakage.class))
        .as(
            (job, field, requiredField, breakage) -> {
              Map<String, Object> broken = new LinkedHashMap<>(job);
              Schema<?> schema = inputFields().get(field);
              switch (breakage) {
                case NUMBER -> broken.put(field, 42);
                case NULL -> broken.put(field, null);
                case ARRAY -> broken.put(field, List.of("a"));
                case TOO_LONG ->
                    broken.put(
                        field,
                        schema.getMaxLength() == null
                            ? "2019-13-45 25:61:61"
                            : "\uD83D\uDE80".repeat(schema.getMaxLength() + 1));
                case EMPTY -> broken.put(field, "");
                case UNPAIRED_SURROGATE -> broken.put(field, "half a pair: \uD800");
                case UNKNOWN_FIELD -> broken.put("salary", "high");
                case REQUIRED_FIELD_MISSING -> broken.remove(requiredField);
                case TEXT_AFTER_THE_OBJECT -> {
                  return json(broken) + " and more";
                }
              }
              return json(broken);
            });
  }

  /** As a client writes it, every non-ASCII character escaped: an unpaired one survives. */
  private static String json(Object value) {
    try {
      return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<String> jobIds() {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
  }

  @Provide
  Arbitrary<String> brokenJobIds() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(1).ofMaxLength(31),
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(33),
        Arbitraries.strings()
            .withChars("0123456789ABCDEF")
            .ofLength(32)
            .filter(s -> !s.equals(s.toLowerCase())),
        Arbitraries.strings().alpha().ofLength(32).filter(s -> !s.matches("[0-9a-f]{32}")));
  }

  @Provide
  Arbitrary<String> readOrDelete() {
    return Arbitraries.of("GET", "DELETE");
  }

  @Provide
  Arbitrary<String> validQueries() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 100).injectNull(0.3),
            valid("city", inputFields().get("city")).injectNull(0.5))
        .as(
            (limit, town) ->
                query(
                    limit == null ? null : "limit=" + limit,
                    town == null ? null : "city=" + encode(town)));
  }

  @Provide
  Arbitrary<String> brokenQueries() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, -1, 101, 1000).map(limit -> "?limit=" + limit),
        Arbitraries.of("ten", "1.5", "", "0x10").map(limit -> "?limit=" + encode(limit)),
        Arbitraries.integers().between(1, 100).map(limit -> "?limit=" + limit + "&limit=" + limit),
        Arbitraries.of("", "x".repeat(101)).map(city -> "?city=" + city),
        Arbitraries.of("Lyon", "Paris").map(city -> "?city=" + city + "&city=" + city),
        Arbitraries.of("%25%25", "junk", "eyJub3QiOiJvdXJzIn0").map(cursor -> "?cursor=" + cursor));
  }

  private static String query(String... parameters) {
    String joined =
        Arrays.stream(parameters).filter(Objects::nonNull).collect(Collectors.joining("&"));
    return joined.isEmpty() ? "" : "?" + joined;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // --- Sending, and checking against the contract.

  private static HttpResponse<String> send(String method, String pathAndQuery, String body)
      throws IOException, InterruptedException {
    return TARGET.send(TARGET.request(method, pathAndQuery, body), !method.equals("GET"));
  }

  private static void assertDeclared(
      String method, String pathAndQuery, HttpResponse<String> response) {
    TARGET.assertDeclared(method, pathAndQuery, response);
  }
}
