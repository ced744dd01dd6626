package dev.jobs.locallambda.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.jobs.localaws.LocalAws;
import dev.jobs.localaws.rehearsal.Rehearsal;
import dev.jobs.locallambda.ContainerCredentials;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A function deployed from its zip, invoked as Lambda invokes it: each invocation goes to an idle
 * execution environment ({@link LambdaInstance}, a JVM of its own) or, up to the concurrency given,
 * to a new one (a cold start). The process environment is the one Lambda gives: its reserved
 * variables, the function's own, and credentials as Lambda hands them out (variables, or for a
 * SnapStart function only a container-credentials URI and token). Like Lambda's log stream, the
 * output receives the function's lines and, per invocation, START, END and REPORT lines. Under a
 * {@link Rehearsal} with faults, that share of invocations lose their environment mid-way, as on
 * Lambda an environment now and then dies.
 */
public final class LambdaFunction implements AutoCloseable {

  /** What the rehearsal counts when it kills an execution environment mid-invocation. */
  public static final String ENVIRONMENTS_KILLED = "execution environments killed mid-invocation";

  private static final ScheduledExecutorService DEATHS =
      Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("lambda-deaths", true));

  /** Lambda's REPORT figures of one invocation. */
  public record Report(
      String requestId,
      double durationMillis,
      long maxMemoryUsedMb,
      Double initDurationMillis,
      String status) {

    public boolean coldStart() {
      return initDurationMillis != null;
    }
  }

  private final FunctionConfig config;
  private final Path taskRoot;
  private final Path nativeClient;
  private final Map<String, String> environment;
  private final Consumer<String> output;
  private final Semaphore concurrency;
  private final Supplier<Rehearsal> rehearsal;
  private final Deque<LambdaInstance> idle = new ConcurrentLinkedDeque<>();
  private final Set<LambdaInstance> instances = ConcurrentHashMap.newKeySet();
  private final Set<LambdaInstance> busy = ConcurrentHashMap.newKeySet();
  private volatile double lastDurationMillis = 200;
  private final List<Report> reports = new CopyOnWriteArrayList<>();

  /** The environment SnapStart initialised as the version was published: never a cold start. */
  private volatile LambdaInstance published;

  private LambdaFunction(
      FunctionConfig config,
      Path taskRoot,
      Map<String, String> environment,
      int maxConcurrency,
      Supplier<Rehearsal> rehearsal,
      Consumer<String> output) {
    this.config = config;
    this.rehearsal = rehearsal;
    this.taskRoot = taskRoot;
    this.nativeClient =
        RuntimeProcess.unpackNativeClient(taskRoot.resolveSibling(config.name() + ".runtime"));
    this.environment = environment;
    this.output = output;
    this.concurrency = new Semaphore(maxConcurrency, true);
  }

  /**
   * Unpacks the zip under the work directory and makes the function ready to invoke. A SnapStart
   * function initialises now, as publishing a version does on Lambda; others at their first
   * invocation.
   *
   * @param platform what the account gives every function: {@code AWS_REGION}, and here the
   *     emulators' {@code AWS_ENDPOINT_URL_<SERVICE>}
   * @param credentials what the function's role gives: {@code AWS_ACCESS_KEY_ID}, {@code
   *     AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}
   * @param containerCredentials the endpoint a SnapStart function gets its credentials from
   * @param rehearsal the share of invocations whose execution environment dies mid-way
   */
  public static LambdaFunction deploy(
      FunctionConfig config,
      Path workDirectory,
      Map<String, String> platform,
      Map<String, String> credentials,
      ContainerCredentials containerCredentials,
      int maxConcurrency,
      Supplier<Rehearsal> rehearsal,
      Consumer<String> output) {
    Path taskRoot = workDirectory.resolve(config.name());
    RuntimeProcess.unpackCode(config.zip(), taskRoot);
    Map<String, String> environment = new HashMap<>(platform);
    environment.putAll(reservedVariables(config));
    environment.putAll(config.snapStart() ? containerCredentials.environment() : credentials);
    environment.putAll(config.environment());
    LambdaFunction function =
        new LambdaFunction(
            config, taskRoot, Map.copyOf(environment), maxConcurrency, rehearsal, output);
    if (config.snapStart()) {
      function.publishVersion();
    }
    return function;
  }

  /**
   * SnapStart initialises a function when a version is published, and publishing fails if the
   * initialisation does: here the first execution environment starts now, and deploying waits.
   */
  private void publishVersion() {
    LambdaInstance instance = startInstance();
    try {
      instance.awaitInitialized();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while publishing " + config.name(), e);
    } catch (FunctionError e) {
      close();
      throw e;
    }
    output.accept(
        "INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: success"
            .formatted(instance.initDurationMillis()));
    published = instance;
    idle.add(instance);
  }

  /** The variables Lambda sets in every java21 execution environment. */
  private static Map<String, String> reservedVariables(FunctionConfig config) {
    Map<String, String> variables = new HashMap<>();
    variables.put("_HANDLER", config.handler());
    variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
    variables.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
    variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(config.memoryMb()));
    variables.put("AWS_LAMBDA_FUNCTION_VERSION", config.snapStart() ? "1" : "$LATEST");
    variables.put(
        "AWS_LAMBDA_INITIALIZATION_TYPE", config.snapStart() ? "snap-start" : "on-demand");
    variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.name());
    variables.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
    variables.put("LAMBDA_TASK_ROOT", "/var/task");
    variables.put("LAMBDA_RUNTIME_DIR", "/var/runtime");
    variables.put("LANG", "en_US.UTF-8");
    variables.put("TZ", ":UTC");
    variables.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
    return variables;
  }

  private static String logStreamName() {
    byte[] id = new byte[16];
    ThreadLocalRandom.current().nextBytes(id);
    return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
        + "/[$LATEST]"
        + HexFormat.of().formatHex(id);
  }

  /** The function's ARN in the local account. */
  public static String arn(String name) {
    return "arn:aws:lambda:%s:%s:function:%s"
        .formatted(LocalAws.REGION.id(), LocalAws.ACCOUNT_ID, name);
  }

  public FunctionConfig config() {
    return config;
  }

  /** The variables its execution environments get (but the Runtime API's address). */
  public Map<String, String> environment() {
    return environment;
  }

  /** What each invocation reported, oldest first. */
  public List<Report> reports() {
    return Collections.unmodifiableList(reports);
  }

  /**
   * A synchronous invocation: waits for an execution environment (at most the concurrency given run
   * at once) and returns the function's response.
   *
   * @throws FunctionError if the function failed, timed out or could not initialise
   */
  public byte[] invoke(byte[] event) {
    String requestId = UUID.randomUUID().toString();
    try {
      concurrency.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + config.name(), e);
    }
    LambdaInstance instance = idle.pollFirst();
    if (instance == null) {
      instance = startInstance();
    }
    boolean cold = instance.invocations() == 0 && instance != published;
    output.accept("START RequestId: " + requestId + " Version: " + version());
    String status = null;
    busy.add(instance);
    ScheduledFuture<?> death = rehearsal.get().strike() ? dieMidway(instance) : null;
    try {
      RuntimeApi.Answer answer = instance.invoke(requestId, event);
      if (answer.failed()) {
        throw new FunctionError(config.name(), answer.errorType(), answer.payload());
      }
      return answer.payload();
    } catch (FunctionError e) {
      status =
          e.errorType().equals(LambdaInstance.TIMED_OUT)
              ? "timeout"
              : instance.alive() ? null : "error";
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      instance.close();
      throw new IllegalStateException("interrupted while invoking " + config.name(), e);
    } finally {
      if (death != null) {
        death.cancel(false);
      }
      busy.remove(instance);
      lastDurationMillis = instance.lastDurationMillis();
      report(requestId, instance, cold, status);
      if (instance.alive()) {
        idle.addFirst(instance);
      } else {
        instances.remove(instance);
        instance.close();
      }
      concurrency.release();
    }
  }

  /**
   * Kills the environment at a random moment of an invocation as long as the last one (a fault of
   * the rehearsal), unless it ended first.
   */
  private ScheduledFuture<?> dieMidway(LambdaInstance instance) {
    long delay = (long) (ThreadLocalRandom.current().nextDouble() * lastDurationMillis);
    return DEATHS.schedule(
        () -> {
          if (busy.contains(instance)) {
            rehearsal.get().count(ENVIRONMENTS_KILLED);
            instance.kill();
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Kills one execution environment in the middle of its invocation, if one is invoking: for a test
   * that a function's work survives it.
   *
   * @return whether one was
   */
  public boolean killBusyEnvironment() {
    for (LambdaInstance instance : busy) {
      instance.kill();
      return true;
    }
    return false;
  }

  private String version() {
    return environment.get("AWS_LAMBDA_FUNCTION_VERSION");
  }

  private LambdaInstance startInstance() {
    LambdaInstance instance =
        LambdaInstance.start(config, taskRoot, nativeClient, environment, output);
    instances.add(instance);
    return instance;
  }

  private void report(String requestId, LambdaInstance instance, boolean cold, String status) {
    Report report =
        new Report(
            requestId,
            instance.lastDurationMillis(),
            instance.maxMemoryUsedMb(),
            cold ? instance.initDurationMillis() : null,
            status);
    reports.add(report);
    output.accept("END RequestId: " + requestId);
    StringBuilder line =
        new StringBuilder("REPORT RequestId: ")
            .append(requestId)
            .append("\tDuration: %.2f ms".formatted(report.durationMillis()))
            .append("\tBilled Duration: %d ms".formatted((long) Math.ceil(report.durationMillis())))
            .append("\tMemory Size: %d MB".formatted(config.memoryMb()))
            .append("\tMax Memory Used: %d MB".formatted(report.maxMemoryUsedMb()));
    if (report.coldStart()) {
      line.append("\tInit Duration: %.2f ms".formatted(report.initDurationMillis()));
    }
    if (status != null) {
      line.append("\tStatus: ").append(status);
    }
    output.accept(line.toString());
  }

  /** As the gateway's integration calls it: the event in, the response out, as JSON. */
  public RequestStreamHandler streamHandler() {
    return (input, out, context) -> out.write(invoke(input.readAllBytes()));
  }

  /**
   * As the S3 notification and the SQS event source mapping call it: the event written in Lambda's
   * own JSON shape (the one its runtime reads), the response read back.
   */
  public <I, O> RequestHandler<I, O> handler(Class<I> eventType, Class<O> responseType) {
    PojoSerializer<I> events =
        LambdaEventSerializers.serializerFor(eventType, getClass().getClassLoader());
    PojoSerializer<O> responses =
        responseType == Void.class
            ? null
            : LambdaEventSerializers.serializerFor(responseType, getClass().getClassLoader());
    return (event, context) -> {
      ByteArrayOutputStream json = new ByteArrayOutputStream();
      events.toJson(event, json);
      byte[] response = invoke(json.toByteArray());
      if (responses == null
          || response.length == 0
          || "null".equals(new String(response, StandardCharsets.US_ASCII))) {
        return null;
      }
      return responses.fromJson(new ByteArrayInputStream(response));
    };
  }

  /** Stops every execution environment. */
  @Override
  public void close() {
    new ArrayList<>(instances).forEach(LambdaInstance::close);
    instances.clear();
    idle.clear();
  }
}
