package dev.jobs.pipeline.sqstodynamo;

import static dev.jobs.pipeline.IngestionNames.LINES_ATTRIBUTE;
import static dev.jobs.pipeline.IngestionNames.SOURCE_KEY_ATTRIBUTE;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends jobs that the store did not take in time back to the queue, as a new message, so that they
 * are written later without spending a receive of the message they came from: after four receives a
 * message goes to the dead letter queue, and throttling must not park rows there. The new message
 * keeps the source file and the lines of its jobs.
 */
public final class JobRequeue {

  private static final Logger log = LoggerFactory.getLogger(JobRequeue.class);

  private final SqsClient sqs;
  private final String queueUrl;

  public JobRequeue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * A new message of jobs.
   *
   * @param jobs the jobs, in JSON
   * @param sourceKey the file they came from; null if their message did not say
   * @param lines their lines in it, in order; null if their message did not say
   */
  record Leftovers(List<String> jobs, String sourceKey, List<Long> lines) {}

  /** Whether SQS took the message (after the SDK's retries); logged if not. */
  boolean send(Leftovers leftovers) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    if (leftovers.sourceKey() != null) {
      attributes.put(SOURCE_KEY_ATTRIBUTE, text(leftovers.sourceKey()));
    }
    if (leftovers.lines() != null) {
      attributes.put(
          LINES_ATTRIBUTE,
          text(leftovers.lines().stream().map(String::valueOf).collect(Collectors.joining(","))));
    }
    try {
      sqs.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody("[" + String.join(",", leftovers.jobs()) + "]")
                  .messageAttributes(attributes));
      return true;
    } catch (SdkException e) {
      log.atWarn()
          .addKeyValue("jobs", leftovers.jobs().size())
          .addKeyValue("error", e.getMessage())
          .log("could not send jobs back to the queue");
      return false;
    }
  }

  /**
   * Sends a message that SQS refuses (an attribute without a value): the send path, attributes
   * included, taken once with nothing sent (SnapStart's priming).
   */
  void prime() {
    try {
      sqs.sendMessage(
          b ->
              b.queueUrl(queueUrl)
                  .messageBody("[]")
                  .messageAttributes(
                      Map.of(LINES_ATTRIBUTE, MessageAttributeValue.builder().build())));
    } catch (SdkException refused) {
      // As intended.
    }
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
