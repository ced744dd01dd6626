package dev.jobs.localrun;

import dev.jobs.localaws.Terraform;
import dev.jobs.locallambda.runtime.FunctionConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Lambda functions of terraform/, as the local run deploys them: handler, package, memory size,
 * timeout, SnapStart and variables exactly as declared, each {@code var.}, {@code local.} or
 * resource reference resolved; a resource attribute to this machine's stand-in, given by the
 * caller. A reference the caller did not give fails, so that a new variable in terraform/ cannot go
 * unseen here.
 */
public final class TerraformFunctions {

  private TerraformFunctions() {}

  /**
   * @param which the functions to read, by resource name ({@code job_api}, ...)
   * @param resources what a resource attribute is here, such as {@code
   *     aws_sqs_queue.job_offers.url} to the emulator's queue URL; null for one it does not know.
   *     Asked only for the attributes that the functions read refer to.
   * @return the functions by their resource name
   */
  public static Map<String, FunctionConfig> read(
      Terraform terraform, Set<String> which, Function<String, String> resources) {
    Map<String, FunctionConfig> functions = new LinkedHashMap<>();
    terraform
        .resources("aws_lambda_function")
        .forEach(
            (resource, declared) -> {
              if (!which.contains(resource)) {
                return;
              }
              Map<String, Object> function = Terraform.map(declared);
              Map<String, String> environment = new LinkedHashMap<>();
              Terraform.blocks(function.get("environment")).stream()
                  .map(block -> block.get("variables"))
                  .filter(Map.class::isInstance)
                  .map(Terraform::map)
                  .forEach(
                      variables ->
                          variables.forEach(
                              (name, value) ->
                                  environment.put(
                                      name, resolve(terraform, resources, value, resource))));
              functions.put(
                  resource,
                  new FunctionConfig(
                      resolve(terraform, resources, function.get("function_name"), resource),
                      resolve(terraform, resources, function.get("handler"), resource),
                      terraform
                          .directory()
                          .resolve(
                              resolve(terraform, resources, function.get("filename"), resource))
                          .normalize(),
                      Integer.parseInt(
                          resolve(terraform, resources, function.get("memory_size"), resource)),
                      Duration.ofSeconds(
                          Long.parseLong(
                              resolve(terraform, resources, function.get("timeout"), resource))),
                      environment,
                      function.containsKey("snap_start")));
            });
    return functions;
  }

  private static String resolve(
      Terraform terraform, Function<String, String> resources, Object value, String function) {
    if (value == null) {
      throw new IllegalStateException("aws_lambda_function." + function + " misses an argument");
    }
    String text =
        value instanceof Number number ? String.valueOf(number.longValue()) : value.toString();
    if (text.startsWith("var.")) {
      return resolve(terraform, resources, terraform.tfvars().get(text.substring(4)), function);
    }
    if (text.startsWith("local.")) {
      return resolve(
          terraform, resources, terraform.block("locals").get(text.substring(6)), function);
    }
    if (text.matches("(aws|data)_[a-z0-9_]+\\.[a-z0-9_]+\\.[a-z0-9_]+")) {
      String here = resources.apply(text);
      if (here == null) {
        throw new IllegalStateException(
            "aws_lambda_function."
                + function
                + " refers to "
                + text
                + ", which the local run does not provide");
      }
      return here;
    }
    return text;
  }
}
