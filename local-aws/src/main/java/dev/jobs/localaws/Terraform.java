package dev.jobs.localaws;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * terraform/*.tf and terraform.tfvars as hcl4j reads them: blocks are maps, references are text
 * such as {@code aws_sqs_queue.job_offers.arn}, and a block that occurs once is a map where one
 * that repeats is a list ({@link #blocks} reads both alike). The local run reads its Lambda
 * functions from it; the infrastructure tests, everything.
 */
public final class Terraform {

  private final Path directory;
  private final Map<String, Object> configuration = new LinkedHashMap<>();
  private final Map<String, Object> tfvars;
  private final String text;

  private Terraform(Path directory) {
    this.directory = directory;
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        merge(configuration, parse(file));
        all.append(Files.readString(file)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text = all.toString();
    tfvars = parse(directory.resolve("terraform.tfvars"));
  }

  /** Reads the .tf files and terraform.tfvars of the directory. */
  public static Terraform read(Path directory) {
    return new Terraform(directory);
  }

  public Path directory() {
    return directory;
  }

  /** The text of every .tf file, for what hcl4j flattens (interpolations). */
  public String text() {
    return text;
  }

  public Map<String, Object> tfvars() {
    return tfvars;
  }

  public Map<String, Object> block(String... path) {
    Object node = configuration;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
        throw new IllegalArgumentException("terraform/ declares no " + String.join(".", path));
      }
      node = map.get(key);
    }
    return map(node);
  }

  public Map<String, Object> resource(String type, String name) {
    return block("resource", type, name);
  }

  public Map<String, Object> resources(String type) {
    return block("resource", type);
  }

  public Map<String, Object> data(String type, String name) {
    return block("data", type, name);
  }

  /** A block that may occur once (a map) or more (a list of maps), as a list. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> blocks(Object node) {
    if (node == null) {
      return List.of();
    }
    return node instanceof List<?> list ? (List<Map<String, Object>>) list : List.of(map(node));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node) {
    if (!(node instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("not a block: " + node);
    }
    return (Map<String, Object>) node;
  }

  private static Map<String, Object> parse(Path file) {
    try {
      return map(plain(new HCLParser().parse(file.toFile(), "UTF-8")));
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /** Maps, lists, strings, numbers and booleans; a reference (an hcl4j object) as its text. */
  private static Object plain(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> plain = new LinkedHashMap<>();
      map.forEach((key, value) -> plain.put(String.valueOf(key), plain(value)));
      return plain;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(Terraform::plain).toList();
    }
    if (node == null || node instanceof Number || node instanceof Boolean) {
      return node;
    }
    return node.toString();
  }

  /** Files merged into one configuration: blocks by name, every locals block into one. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    from.forEach(
        (key, value) -> {
          if (key.equals("locals")) {
            Map<String, Object> locals =
                (Map<String, Object>) into.computeIfAbsent("locals", k -> new LinkedHashMap<>());
            blocks(value).forEach(locals::putAll);
            return;
          }
          Object existing = into.get(key);
          if (existing instanceof Map<?, ?> && value instanceof Map<?, ?>) {
            merge((Map<String, Object>) existing, (Map<String, Object>) value);
          } else {
            into.put(key, value);
          }
        });
  }
}
