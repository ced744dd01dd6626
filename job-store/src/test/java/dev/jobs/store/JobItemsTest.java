package dev.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobs.model.Job;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class JobItemsTest {

  @Test
  void storesEveryFieldUnderItsContractNameAsAString() {
    Job job =
        new Job()
            .id("36cc30fd1f56b5c9ebca2fc90e10a979")
            .city("Lyon")
            .companyName("NOVENCIA Group")
            .title("Data «scientist», Lyon")
            .url("https://example.com/jobs/a b")
            .contractType("Full-Time")
            .companySector("Big Data")
            .userExperience("3 years")
            .keyword("big data")
            .createdDate("2019-09-19 17:20:08.038")
            .provider("wttj");

    Map<String, AttributeValue> item = JobItems.toItem(job);

    assertThat(item)
        .containsEntry("id", AttributeValue.fromS("36cc30fd1f56b5c9ebca2fc90e10a979"))
        .containsEntry("company_name", AttributeValue.fromS("NOVENCIA Group"))
        .containsEntry("title", AttributeValue.fromS("Data «scientist», Lyon"))
        .containsEntry("url", AttributeValue.fromS("https://example.com/jobs/a b"))
        .containsEntry("created_date", AttributeValue.fromS("2019-09-19 17:20:08.038"))
        .hasSize(11);
    assertThat(JobItems.toJob(item)).isEqualTo(job);
  }

  @Test
  void anAbsentFieldHasNoAttribute() {
    Job job =
        new Job().id("36cc30fd1f56b5c9ebca2fc90e10a979").city("Lyon").companyName("A").title("T");

    Map<String, AttributeValue> item = JobItems.toItem(job);

    assertThat(item).containsOnlyKeys("id", "city", "company_name", "title");
    assertThat(JobItems.toJob(item).getUrl()).isNull();
  }

  @Test
  void everyFieldOfTheContractIsAString() {
    // The mapping stores strings only: a field of another type in the spec must change it.
    assertThat(
            Arrays.stream(Job.class.getDeclaredFields())
                .filter(field -> !Modifier.isStatic(field.getModifiers()))
                .map(Field::getType))
        .hasSize(11)
        .allMatch(String.class::equals);
  }

  @Test
  void measuresAJobsItemAsDynamoDbDoes() {
    assertThat(JobItems.sizeOf(new Job().id("abc").title("Café"))).isEqualTo(2 + 3 + 5 + 5);
  }

  @Test
  void aJobOverFourHundredKilobytesDoesNotFitAnItem() {
    Job job = new Job().id("36cc30fd1f56b5c9ebca2fc90e10a979").city("Lyon").companyName("A");

    assertThat(JobStore.fits(job.title("x".repeat(400 * 1024)))).isFalse();
    assertThat(JobStore.fits(job.title("x".repeat(300)))).isTrue();
  }

  @Test
  void theKeyIsIdAndCity() {
    assertThat(JobItems.key("abc", "Lyon"))
        .isEqualTo(Map.of("id", AttributeValue.fromS("abc"), "city", AttributeValue.fromS("Lyon")));
  }
}
