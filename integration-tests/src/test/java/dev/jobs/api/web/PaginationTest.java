package dev.jobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.localaws.LocalAws.Service;
import dev.jobs.localaws.junit.LocalAwsExtension;
import dev.jobs.localaws.junit.WithLocalAws;
import dev.jobs.model.Job;
import dev.jobs.model.JobPage;
import dev.jobs.store.DynamoJobStore;
import dev.jobs.store.JobTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Walking the pages of a listing returns every stored job exactly once, whatever the limit: the job
 * API as a plain server on a random port, its table on dynalite, whose pages are DynamoDB's.
 */
@WithLocalAws(Service.DYNAMODB)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaginationTest {

  @LocalServerPort int port;

  @DynamicPropertySource
  static void dynalite(DynamicPropertyRegistry properties) {
    // Called before the app starts: its DynamoDB client takes the SDK's settings then.
    LocalAwsExtension.localAws().exposeToSdk();
  }

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String BIG_CITY = "Pagination-big-" + RUN;
  private static final String SMALL_CITY = "Pagination-small-" + RUN;
  private static final int BIG_CITY_JOBS = 1_000;
  private static final int SMALL_CITY_JOBS = 45;

  private static DynamoDbClient dynamoDb;

  @BeforeAll
  static void storeJobs(DynamoDbClient client) throws InterruptedException {
    dynamoDb = client;
    List<Job> seeded = new ArrayList<>();
    IntStream.range(0, BIG_CITY_JOBS).forEach(i -> seeded.add(job(BIG_CITY, i)));
    IntStream.range(0, SMALL_CITY_JOBS).forEach(i -> seeded.add(job(SMALL_CITY, i)));
    assertThat(new DynamoJobStore(dynamoDb, JobTable.DEFAULT_NAME).putAll(seeded)).isEmpty();
  }

  private static Job job(String city, int i) {
    return new Job()
        .id(UUID.nameUUIDFromBytes((city + i).getBytes()).toString().replace("-", ""))
        .city(city)
        .companyName("Company " + i)
        .title("Job " + i);
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 7, 100})
  void everyJobOfTheTableOnce(int limit) {
    List<String> listed = walk(limit, null);

    assertThat(listed).doesNotHaveDuplicates();
    assertThat(new HashSet<>(listed)).isEqualTo(storedIds());
    assertThat(listed.size()).isGreaterThanOrEqualTo(BIG_CITY_JOBS + SMALL_CITY_JOBS);
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 7, 100})
  void everyJobOfACityOnce(int limit) {
    List<String> big = walk(limit, BIG_CITY);
    List<String> small = walk(limit, SMALL_CITY);

    assertThat(big).hasSize(BIG_CITY_JOBS).doesNotHaveDuplicates();
    assertThat(small).hasSize(SMALL_CITY_JOBS).doesNotHaveDuplicates();
    assertThat(big).containsExactlyInAnyOrderElementsOf(expectedIds(BIG_CITY, BIG_CITY_JOBS));
  }

  private List<String> walk(int limit, String city) {
    // Spring's own client: a thousand pages with RestAssured took 10 s, most of it RestAssured's.
    RestClient client = RestClient.create("http://127.0.0.1:" + port);
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String pageCursor = cursor;
      ResponseEntity<JobPage> response =
          client
              .get()
              .uri(
                  uri ->
                      uri.path("/v1/jobs")
                          .queryParam("limit", limit)
                          .queryParamIfPresent("city", Optional.ofNullable(city))
                          .queryParamIfPresent("cursor", Optional.ofNullable(pageCursor))
                          .build())
              .retrieve()
              .toEntity(JobPage.class);
      assertThat(response.getStatusCode().value()).isEqualTo(200);
      JobPage page = response.getBody();
      assertThat(page.getItems()).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
      if (city != null) {
        assertThat(page.getItems()).extracting(Job::getCity).containsOnly(city);
      }
      if (page.getNextCursor() != null) {
        assertThat(page.getItems()).as("only the last page is short").hasSize(limit);
      }
      page.getItems().forEach(job -> ids.add(job.getId()));
      cursor = page.getNextCursor();
    } while (cursor != null);
    return ids;
  }

  private static Set<String> storedIds() {
    return dynamoDb.scanPaginator(b -> b.tableName(JobTable.DEFAULT_NAME)).items().stream()
        .map(item -> item.get(JobTable.ID).s())
        .collect(Collectors.toSet());
  }

  private static List<String> expectedIds(String city, int count) {
    return IntStream.range(0, count).mapToObj(i -> job(city, i).getId()).toList();
  }
}
