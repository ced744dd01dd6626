package dev.jobs.pipeline.sqstodynamo;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.model.Job;
import dev.jobs.pipeline.JobValidation;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobRejectedException;
import dev.jobs.store.JobStore;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of job messages to the table and says which messages failed, each alone. A
 * message's body is a JSON array of jobs (a single job, as messages were before, is read as an
 * array of one). A message fails if it is not such an array, if one of its jobs is not valid, or if
 * one could not be written; its other jobs are written all the same, and writing them again when it
 * comes back changes nothing. Jobs are written in BatchWriteItem calls; of two jobs with the same
 * id and city, in one message or in two, the later wins.
 */
public final class JobMessageWriter {

  private static final Logger log = LoggerFactory.getLogger(JobMessageWriter.class);
  private static final ObjectReader JOBS =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build()
          .readerForListOf(Job.class);

  /** Messages of SnapStart's priming: enough for the JIT to compile reading and validation. */
  private static final int PRIMING_MESSAGES = 20;

  private final JobStore store;
  private final Validator validator = JobValidation.validator();

  public JobMessageWriter(JobStore store) {
    this.store = store;
  }

  /** Writes the messages' jobs; returns the ids of the messages that failed. */
  public Set<String> write(List<SQSMessage> messages) throws InterruptedException {
    Set<String> failed = new LinkedHashSet<>();
    List<Job> jobs = new ArrayList<>();
    Map<JobKey, List<String>> messagesByKey = new HashMap<>();
    for (SQSMessage message : messages) {
      List<Job> valid = new ArrayList<>();
      if (!parse(message, valid)) {
        failed.add(message.getMessageId());
      }
      for (Job job : valid) {
        jobs.add(job);
        messagesByKey
            .computeIfAbsent(JobKey.of(job), k -> new ArrayList<>())
            .add(message.getMessageId());
      }
    }
    for (Job unwritten : putAll(jobs)) {
      failed.addAll(messagesByKey.get(JobKey.of(unwritten)));
    }
    return failed;
  }

  /**
   * Reads messages of its own, twice a full batch of them, and writes their jobs, which the store
   * refuses: what a first batch loads and compiles (SnapStart's priming). Writes nothing.
   */
  public void prime() {
    for (int m = 0; m < PRIMING_MESSAGES; m++) {
      List<String> jobs = new ArrayList<>();
      for (int j = 0; j < 25; j++) {
        jobs.add(
            "{\"id\":\"%032x\",\"city\":\"Lyon\",\"company_name\":\"ACME\",\"title\":\"Priming\"}"
                .formatted(m * 25 + j));
      }
      SQSMessage message = new SQSMessage();
      message.setMessageId("priming-" + m);
      message.setBody("[" + String.join(",", jobs) + "]");
      List<Job> parsed = new ArrayList<>();
      parse(message, parsed);
      // No city: a key DynamoDB refuses, so that the write is refused whole. It takes the write
      // path, mapping and marshalling included, and writes nothing.
      parsed.forEach(job -> job.setCity(""));
      try {
        store.putAll(parsed);
      } catch (JobRejectedException refused) {
        // As intended.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A call the store refuses as a whole (a job it will not take) is split, so that only the job at
   * fault fails. An unavailable store propagates: the whole batch comes back later.
   */
  private List<Job> putAll(List<Job> jobs) throws InterruptedException {
    try {
      return store.putAll(jobs);
    } catch (JobRejectedException e) {
      if (jobs.isEmpty()) {
        throw e;
      }
      if (jobs.size() == 1) {
        log.atWarn()
            .addKeyValue("id", jobs.get(0).getId())
            .addKeyValue("error", e.getMessage())
            .log("the store refused a job");
        return jobs;
      }
      List<Job> unwritten = new ArrayList<>();
      for (Job job : jobs) {
        unwritten.addAll(putAll(List.of(job)));
      }
      return unwritten;
    }
  }

  /**
   * Adds the message's valid jobs to {@code valid}; false (logged) if its body is not a JSON array
   * of jobs or if one of them is not valid.
   */
  private boolean parse(SQSMessage message, List<Job> valid) {
    List<Job> jobs;
    try {
      jobs = JOBS.readValue(message.getBody());
    } catch (IOException e) {
      jobs = null;
    }
    int invalid = 0;
    for (Job job : jobs == null ? List.<Job>of() : jobs) {
      if (job != null && validator.validate(job).isEmpty()) {
        valid.add(job);
      } else {
        invalid++;
      }
    }
    if (jobs != null && invalid == 0) {
      return true;
    }
    log.atWarn()
        .addKeyValue("message_id", message.getMessageId())
        .addKeyValue("invalid_jobs", jobs == null ? null : invalid)
        .log("a message is not a JSON array of valid jobs");
    return false;
  }
}
