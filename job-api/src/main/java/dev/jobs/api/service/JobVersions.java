package dev.jobs.api.service;

import dev.jobs.model.Job;
import dev.jobs.store.JobItems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A job's version as HTTP names it: its ETag, a hash of what is stored (so ingestion, which knows
 * nothing of versions, changes it too), and the If-Match check (strong comparison, {@code *} for
 * any version).
 */
public final class JobVersions {

  private JobVersions() {}

  /** The quoted ETag of the job as stored. */
  public static String etag(Job job) {
    StringBuilder stored = new StringBuilder();
    new TreeMap<>(JobItems.toItem(job))
        .forEach((name, value) -> stored.append(name).append('\0').append(value.s()).append('\0'));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(stored.toString().getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether {@code If-Match} (absent: no condition) admits the job as stored. */
  static boolean matches(Optional<String> ifMatch, Job current) {
    if (ifMatch.isEmpty()) {
      return true;
    }
    String etag = etag(current);
    return Arrays.stream(ifMatch.get().split(","))
        .map(String::trim)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }
}
