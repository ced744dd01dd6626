package dev.jobs.locallambda.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * The JVM of one execution environment, started as the java21 managed runtime starts it (AWS's
 * runtime interface client as main class, the function's code as its task root, the JVM sized from
 * the memory size), and the lines it writes, passed on as they come.
 */
final class RuntimeProcess implements AutoCloseable {

  private static final String NATIVE_CLIENT_PROPERTY =
      "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  /**
   * The managed runtime's classpath: the runtime interface client and what it needs, and the {@link
   * Sandbox} that starts it (with the rest of this module's classes, which no code of a zip refers
   * to).
   */
  private static final List<Class<?>> RUNTIME_CLASSES =
      List.of(
          Sandbox.class,
          AWSLambda.class,
          Context.class,
          PojoSerializer.class,
          SdkInternalThreadLocal.class);

  private final Process process;
  private final Consumer<String> output;
  // What the process wrote is read under this lock, by the reader or by an invocation that ends.
  private final Object outputLock = new Object();
  private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();

  private RuntimeProcess(Process process, Consumer<String> output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Starts the runtime.
   *
   * @param taskRoot the function's code, unpacked (Lambda's {@code /var/task})
   * @param environment every variable of the process
   * @param output told each line the process writes (what Lambda sends to CloudWatch Logs)
   */
  static RuntimeProcess start(
      FunctionConfig function,
      Path taskRoot,
      Path nativeClient,
      Map<String, String> environment,
      Consumer<String> output)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command(function, nativeClient)).directory(taskRoot.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    RuntimeProcess runtime = new RuntimeProcess(builder.start(), output);
    Thread reader = new Thread(runtime::readOutput, function.name() + "-output");
    reader.setDaemon(true);
    reader.start();
    return runtime;
  }

  Process process() {
    return process;
  }

  /**
   * Passes on the lines the process writes, as they come (within a few milliseconds), until it
   * ends. Lambda sends a function's lines to its log before the invocation ends: an invocation that
   * ends calls {@link #passOnOutput} for what is left of those written before its answer.
   */
  private void readOutput() {
    try {
      while (process.isAlive()) {
        passOnOutput();
        Thread.sleep(10);
      }
      synchronized (outputLock) {
        InputStream in = process.getInputStream();
        byte[] buffer = new byte[8192];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          lines(buffer, read);
        }
        if (partialLine.size() > 0) {
          output.accept(partialLine.toString(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException | InterruptedException e) {
      // The process is gone, or stopped.
    }
  }

  /** Passes on the complete lines written so far. */
  void passOnOutput() throws IOException {
    synchronized (outputLock) {
      InputStream in = process.getInputStream();
      byte[] buffer = new byte[8192];
      for (int available = in.available(); available > 0; available = in.available()) {
        lines(buffer, in.read(buffer, 0, Math.min(available, buffer.length)));
      }
    }
  }

  private void lines(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (buffer[i] == '\n') {
        output.accept(partialLine.toString(StandardCharsets.UTF_8));
        partialLine.reset();
      } else {
        partialLine.write(buffer[i]);
      }
    }
  }

  /**
   * The process's peak resident memory (VmHWM), which is what Lambda's Max Memory Used counts; -1
   * where /proc does not tell.
   */
  long maxMemoryUsedMb() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not Linux.
    }
    return -1;
  }

  /**
   * The java command of the managed runtime, as recorded on Lambda's java17 runtime: heap 85 % of
   * the memory size, C1 only, the serial collector, CRaC hooks through the runtime interface
   * client's own implementation (SnapStart's priming runs that way), a JVM crash reported on
   * standard error (the function's log). {@code JAVA_TOOL_OPTIONS} in the function's variables
   * reaches the JVM as it does on Lambda.
   */
  private static List<String> command(FunctionConfig function, Path nativeClient) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxHeapSize=" + function.memoryMb() * 1024L * 85 / 100 + "k");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("-XX:+TieredCompilation");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
    command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("-XX:+ErrorFileToStderr");
    command.add(NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
    command.add("-classpath");
    command.add(runtimeClasspath());
    command.add(Sandbox.class.getName());
    command.add(function.handler());
    return command;
  }

  /**
   * Unpacks the runtime interface client's native library for this machine into the directory. Left
   * to itself, the client unpacks it to one fixed path in /tmp, which is each sandbox's own on
   * Lambda but shared here: two instances starting at once would load a half-written file.
   */
  static Path unpackNativeClient(Path directory) {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
    String library = "libaws-lambda-jni.linux-" + arch + ".so";
    Path target = directory.resolve(library);
    try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + library)) {
      if (in == null) {
        throw new IllegalStateException("the runtime interface client has no " + library);
      }
      Files.createDirectories(directory);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + library, e);
    }
  }

  /** Unpacks the function's zip as its task root (Lambda's {@code /var/task}), replacing any. */
  static void unpackCode(Path zip, Path into) {
    try {
      if (Files.exists(into)) {
        try (var paths = Files.walk(into)) {
          for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(into);
      try (InputStream file = Files.newInputStream(zip);
          ZipInputStream entries = new ZipInputStream(file)) {
        for (ZipEntry entry = entries.getNextEntry();
            entry != null;
            entry = entries.getNextEntry()) {
          Path target = into.resolve(entry.getName()).normalize();
          if (!target.startsWith(into)) {
            throw new IOException("entry outside the package: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(entries, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip, e);
    }
  }

  private static String runtimeClasspath() {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : RUNTIME_CLASSES) {
      try {
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot locate " + type, e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Kills the process at once, as an execution environment dies or is retired. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
