package dev.jobs.locallambda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route of an HTTP API: its key ({@code METHOD /path}, where {@code ANY} is every method, {@code
 * {name}} one path segment and {@code {name+}} the rest of the path) and its authorization type.
 */
public record Route(String key, String authorization) {

  public static final String NONE = "NONE";
  public static final String AWS_IAM = "AWS_IAM";

  public String method() {
    return key.substring(0, key.indexOf(' '));
  }

  public String path() {
    return key.substring(key.indexOf(' ') + 1);
  }

  boolean matches(String method, String path) {
    return (method().equals("ANY") || method().equals(method)) && parameters(path) != null;
  }

  /** The path's parameters by name, or null if the path is not this route's. */
  Map<String, String> parameters(String path) {
    String[] pattern = path().substring(1).split("/", -1);
    String[] segments = path.substring(1).split("/", -1);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      if (i >= segments.length) {
        return null;
      }
      String part = pattern[i];
      if (part.endsWith("+}")) {
        String rest = String.join("/", Arrays.copyOfRange(segments, i, segments.length));
        if (rest.isEmpty()) {
          return null;
        }
        parameters.put(part.substring(1, part.length() - 2), rest);
        return parameters;
      } else if (part.startsWith("{")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        parameters.put(part.substring(1, part.length() - 1), segments[i]);
      } else if (!part.equals(segments[i])) {
        return null;
      }
    }
    return segments.length == pattern.length ? parameters : null;
  }
}
