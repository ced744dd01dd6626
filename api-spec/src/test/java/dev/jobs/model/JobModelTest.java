package dev.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated model speaks the contract's JSON and carries its constraints. */
class JobModelTest {

  private static final ObjectMapper JSON =
      JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
  private static ValidatorFactory validatorFactory;
  private static Validator validator;

  @BeforeAll
  static void startValidator() {
    validatorFactory = Validation.buildDefaultValidatorFactory();
    validator = validatorFactory.getValidator();
  }

  @AfterAll
  static void closeValidator() {
    validatorFactory.close();
  }

  @Test
  void readsAndWritesSnakeCaseJson() throws Exception {
    String json =
        """
        {"id":"36cc30fd1f56b5c9ebca2fc90e10a979","city":"Lyon","company_name":"NOVENCIA Group",\
        "title":"data-scientist","contract_type":"Full-Time","user_experience":"3 years",\
        "created_date":"2019-09-19 17:20:08.038"}""";

    Job job = JSON.readValue(json, Job.class);

    assertThat(job.getCompanyName()).isEqualTo("NOVENCIA Group");
    assertThat(job.getContractType()).isEqualTo("Full-Time");
    assertThat(job.getUserExperience()).isEqualTo("3 years");
    assertThat(job.getCreatedDate()).isEqualTo("2019-09-19 17:20:08.038");
    assertThat(job.getUrl()).as("absent stays absent").isNull();
    assertThat(JSON.readTree(JSON.writeValueAsString(job))).isEqualTo(JSON.readTree(json));
  }

  @Test
  void aCompleteJobIsValid() {
    assertThat(validator.validate(validJob())).isEmpty();
  }

  @Test
  void rejectsAJobWithoutItsRequiredFields() {
    Job job = new Job().id("36cc30fd1f56b5c9ebca2fc90e10a979");

    assertThat(violatedFields(validator.validate(job)))
        .containsExactlyInAnyOrder("city", "companyName", "title");
  }

  @Test
  void rejectsAnIdThatIsNotThirtyTwoLowercaseHexCharacters() {
    assertThat(
            violatedFields(validator.validate(validJob().id("36CC30FD1F56B5C9EBCA2FC90E10A979"))))
        .containsExactly("id");
    assertThat(violatedFields(validator.validate(validJob().id("36cc30fd")))).containsExactly("id");
  }

  @Test
  void countsLengthsInCharactersAsTheContractDoes() {
    String emoji = "\uD83D\uDE80"; // one character, two UTF-16 units
    Job fits = validJob().city(emoji.repeat(100));
    Job tooLong = validJob().city(emoji.repeat(101));

    assertThat(validator.validate(fits)).isEmpty();
    assertThat(violatedFields(validator.validate(tooLong))).containsExactly("city");
  }

  @Test
  void rejectsTextThatIsNotUnicode() {
    Job job = validJob().title("half a pair: \uD800");

    assertThat(validator.validate(job))
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.getPropertyPath()).hasToString("title");
              assertThat(violation.getMessage()).contains("unpaired surrogate");
            });
  }

  @Test
  void rejectsOversizeAndEmptyStrings() {
    Job job = validJob().title("x".repeat(301)).companyName("");

    assertThat(violatedFields(validator.validate(job)))
        .containsExactlyInAnyOrder("title", "companyName");
  }

  @Test
  void rejectsADateOutsideTheDataFormat() {
    assertThat(violatedFields(validator.validate(validJob().createdDate("2019-09-19T17:20:08Z"))))
        .containsExactly("createdDate");
    assertThat(validator.validate(validJob().createdDate("2019-09-19 17:20:08"))).isEmpty();
  }

  @Test
  void aPageValidatesTheJobsItHolds() {
    JobPage page = new JobPage().addItemsItem(validJob()).addItemsItem(validJob().city(null));

    assertThat(violatedFields(validator.validate(page))).containsExactly("items[1].city");
  }

  private static Job validJob() {
    return new Job()
        .id("36cc30fd1f56b5c9ebca2fc90e10a979")
        .city("Lyon")
        .companyName("NOVENCIA Group")
        .title("data-scientist-lyon-f-h_lyon")
        .url("https://www.welcometothejungle.co/companies/novencia-group/jobs/x")
        .contractType("Full-Time")
        .companySector("Big Data")
        .userExperience("3 years")
        .keyword("big data")
        .createdDate("2019-09-19 17:20:08.038")
        .provider("wttj");
  }

  private static Set<String> violatedFields(Set<? extends ConstraintViolation<?>> violations) {
    return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
  }
}
