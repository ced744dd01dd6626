package dev.jobs.pipeline.sqstodynamo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one JSON line a batch: its counts, and the lines of the rows stored by source file, written
 * as the {@code lines} attribute of a job message is (which the local run reads for its progress).
 */
public final class LoggedWrites implements WriteListener {

  private static final Logger log = LoggerFactory.getLogger(LoggedWrites.class);

  @Override
  public void written(BatchOutcome outcome) {
    Map<String, String> storedLines = new LinkedHashMap<>();
    outcome
        .storedLines()
        .forEach(
            (key, lines) ->
                storedLines.put(
                    key, lines.stream().map(String::valueOf).collect(Collectors.joining(","))));
    log.atInfo()
        .addKeyValue("messages", outcome.messages())
        .addKeyValue("failed", outcome.failed().size())
        .addKeyValue("jobs_written", outcome.jobsWritten())
        .addKeyValue("jobs_requeued", outcome.jobsRequeued())
        .addKeyValue("messages_requeued", outcome.messagesRequeued())
        .addKeyValue("stored_lines", storedLines)
        .log("wrote a batch of jobs");
  }
}
