package dev.jobs.pipeline.sqstodynamo;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Writes a batch of job messages to the table and says which messages failed, each alone: one that
 * is not a valid job, or whose job could not be written. The others are written in BatchWriteItem
 * calls; of two messages with the same id and city, the later wins.
 */
public final class JobMessageWriter {

  private static final Logger log = LoggerFactory.getLogger(JobMessageWriter.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

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
      Job job = parse(message);
      if (job == null) {
        failed.add(message.getMessageId());
      } else {
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

  /** The message's job, or null (logged) if it is not a valid job in JSON. */
  private Job parse(SQSMessage message) {
    try {
      Job job = JSON.readValue(message.getBody(), Job.class);
      if (job != null && validator.validate(job).isEmpty()) {
        return job;
      }
    } catch (IOException e) {
      // Not JSON, or not a job's: reported below like an invalid job.
    }
    log.atWarn()
        .addKeyValue("message_id", message.getMessageId())
        .log("a message is not a valid job in JSON");
    return null;
  }
}
