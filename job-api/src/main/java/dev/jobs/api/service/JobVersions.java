package dev.jobs.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobs.model.Job;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A job's version as HTTP names it: its ETag, a hash of its fields as stored (so ingestion, which
 * knows nothing of versions, changes it too), and the If-Match check (strong comparison, {@code *}
 * for any version).
 */
public final class JobVersions {

  private JobVersions() {}

  /** The job's fields in one order, absent ones left out: equal jobs, equal bytes. */
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** The quoted ETag of the job as stored. */
  public static String etag(Job job) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(job));
      return "\"" + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + "\"";
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot hash job " + job.getId(), e);
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
