package dev.jobs.pipeline.sqstodynamo;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.model.Job;
import dev.jobs.pipeline.IngestionNames;
import dev.jobs.pipeline.JobValidation;
import dev.jobs.store.JobKey;
import dev.jobs.store.JobRejectedException;
import dev.jobs.store.JobStore;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * the store refuses one; its other jobs are written all the same, and writing them again when it
 * comes back changes nothing. A throttled table is waited for until the deadline; the jobs it has
 * not taken by then are sent back to the queue in new messages, and the messages they came from are
 * done: throttling never spends a receive. Of two jobs with the same id and city, in one message or
 * in two, the later wins, sent back or not.
 */
public final class JobMessageWriter {

  private static final Logger log = LoggerFactory.getLogger(JobMessageWriter.class);
  private static final ObjectReader JOBS =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build()
          .readerForListOf(Job.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

  /** Messages of SnapStart's priming: enough for the JIT to compile reading and validation. */
  private static final int PRIMING_MESSAGES = 20;

  /** One job of a message, with its line in the source file if the message gave it. */
  private record Entry(SQSMessage message, Job job, Long line) {
    JobKey key() {
      return JobKey.of(job);
    }
  }

  /** The jobs of one call to the store that it refused, and those it did not take in time. */
  private record Unwritten(Set<JobKey> refused, Set<JobKey> late) {}

  private final JobStore store;
  private final JobRequeue requeue;
  private final WriteListener listener;
  private final Validator validator = JobValidation.validator();

  public JobMessageWriter(JobStore store, JobRequeue requeue, WriteListener listener) {
    this.store = store;
    this.requeue = requeue;
    this.listener = listener;
  }

  /**
   * Writes the messages' jobs, waiting for a throttled table until the deadline.
   *
   * @return the ids of the messages that failed
   */
  public Set<String> write(List<SQSMessage> messages, Instant deadline)
      throws InterruptedException {
    Set<String> failed = new LinkedHashSet<>();
    List<Entry> entries = new ArrayList<>();
    for (SQSMessage message : messages) {
      if (!parse(message, entries)) {
        failed.add(message.getMessageId());
      }
    }
    Unwritten unwritten = putAll(entries.stream().map(Entry::job).toList(), deadline);
    Map<String, List<Long>> storedLines = new LinkedHashMap<>();
    int written = 0;
    for (Entry entry : entries) {
      if (unwritten.refused().contains(entry.key())) {
        failed.add(entry.message().getMessageId());
      } else if (!unwritten.late().contains(entry.key())) {
        written++;
        String sourceKey = attribute(entry.message(), IngestionNames.SOURCE_KEY_ATTRIBUTE);
        if (sourceKey != null && entry.line() != null) {
          storedLines.computeIfAbsent(sourceKey, k -> new ArrayList<>()).add(entry.line());
        }
      }
    }
    // A failed message comes back whole: its late jobs with it.
    List<Entry> late =
        entries.stream()
            .filter(entry -> unwritten.late().contains(entry.key()))
            .filter(entry -> !failed.contains(entry.message().getMessageId()))
            .toList();
    int messagesRequeued = 0;
    int jobsRequeued = 0;
    for (List<Entry> leftovers : byLastMessageOfTheirKey(late)) {
      if (requeue.send(leftovers(leftovers))) {
        messagesRequeued++;
        jobsRequeued += leftovers.size();
      } else {
        leftovers.forEach(entry -> failed.add(entry.message().getMessageId()));
      }
    }
    listener.written(
        new BatchOutcome(
            messages.size(), failed, written, jobsRequeued, messagesRequeued, storedLines));
    return failed;
  }

  /**
   * The late jobs, grouped by the message they go back as: one a message they came from, but that
   * every job of a key goes with the last message of its file holding that key, in order, so that
   * the later of two still wins.
   */
  private static Collection<List<Entry>> byLastMessageOfTheirKey(List<Entry> late) {
    Map<List<Object>, String> lastMessage = new HashMap<>();
    late.forEach(entry -> lastMessage.put(fileAndKey(entry), entry.message().getMessageId()));
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    late.forEach(
        entry ->
            groups
                .computeIfAbsent(lastMessage.get(fileAndKey(entry)), id -> new ArrayList<>())
                .add(entry));
    return groups.values();
  }

  private static List<Object> fileAndKey(Entry entry) {
    return Arrays.asList(
        attribute(entry.message(), IngestionNames.SOURCE_KEY_ATTRIBUTE), entry.key());
  }

  /** A group's jobs as a new message, with their lines if each had one. */
  private static JobRequeue.Leftovers leftovers(List<Entry> entries) {
    SQSMessage last = entries.get(entries.size() - 1).message();
    boolean allLines = entries.stream().allMatch(entry -> entry.line() != null);
    return new JobRequeue.Leftovers(
        entries.stream().map(entry -> json(entry.job())).toList(),
        attribute(last, IngestionNames.SOURCE_KEY_ATTRIBUTE),
        allLines ? entries.stream().map(Entry::line).toList() : null);
  }

  /**
   * Reads messages of its own, twice a full batch of them, and writes their jobs, which the store
   * refuses, and sends a message back, which the queue refuses: what a first batch loads and
   * compiles (SnapStart's priming). Writes and sends nothing.
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
      List<Entry> parsed = new ArrayList<>();
      parse(message, parsed);
      // No city: a key DynamoDB refuses, so that the write is refused whole. It takes the write
      // path, mapping and marshalling included, and writes nothing.
      parsed.forEach(entry -> entry.job().setCity(""));
      try {
        store.putAll(parsed.stream().map(Entry::job).toList());
      } catch (JobRejectedException refused) {
        // As intended.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    requeue.prime();
  }

  /**
   * A call the store refuses as a whole (a job it will not take) is split, so that only the job at
   * fault is refused.
   */
  private Unwritten putAll(List<Job> jobs, Instant deadline) throws InterruptedException {
    try {
      Set<JobKey> late = new HashSet<>();
      store.putAll(jobs, deadline).forEach(job -> late.add(JobKey.of(job)));
      return new Unwritten(Set.of(), late);
    } catch (JobRejectedException e) {
      if (jobs.size() <= 1) {
        if (jobs.isEmpty()) {
          throw e;
        }
        log.atWarn()
            .addKeyValue("id", jobs.get(0).getId())
            .addKeyValue("error", e.getMessage())
            .log("the store refused a job");
        return new Unwritten(Set.of(JobKey.of(jobs.get(0))), Set.of());
      }
      Set<JobKey> refused = new HashSet<>();
      Set<JobKey> late = new HashSet<>();
      for (Job job : jobs) {
        Unwritten alone = putAll(List.of(job), deadline);
        refused.addAll(alone.refused());
        late.addAll(alone.late());
      }
      return new Unwritten(refused, late);
    }
  }

  /**
   * Adds the message's valid jobs to {@code valid}; false (logged) if its body is not a JSON array
   * of jobs or if one of them is not valid.
   */
  private boolean parse(SQSMessage message, List<Entry> valid) {
    List<Job> jobs;
    try {
      jobs = JOBS.readValue(message.getBody());
    } catch (IOException e) {
      jobs = null;
    }
    List<Long> lines = lines(message, jobs == null ? 0 : jobs.size());
    int invalid = 0;
    for (int i = 0; jobs != null && i < jobs.size(); i++) {
      Job job = jobs.get(i);
      if (job != null && validator.validate(job).isEmpty()) {
        valid.add(new Entry(message, job, lines == null ? null : lines.get(i)));
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

  /** The lines of a message's jobs, if it gives one for each; null otherwise. */
  private static List<Long> lines(SQSMessage message, int jobs) {
    String lines = attribute(message, IngestionNames.LINES_ATTRIBUTE);
    if (lines == null) {
      return null;
    }
    try {
      List<Long> parsed = Arrays.stream(lines.split(",")).map(Long::valueOf).toList();
      return parsed.size() == jobs ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String attribute(SQSMessage message, String name) {
    Map<String, MessageAttribute> attributes = message.getMessageAttributes();
    MessageAttribute attribute = attributes == null ? null : attributes.get(name);
    return attribute == null ? null : attribute.getStringValue();
  }

  private static String json(Job job) {
    try {
      return JSON.writeValueAsString(job);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job cannot be written as JSON", e);
    }
  }
}
