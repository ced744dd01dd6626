package dev.jobs.locallambda.runtime;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import java.io.IOException;

/**
 * The main class of an execution environment's process: AWS's runtime interface client, as the
 * managed runtime starts it, in a process that ends the moment the JVM that started it does (its
 * standard input closes), as a Lambda sandbox ends with its host. Without it, a function killed
 * with the local run would go on working, unseen, against emulators that are gone.
 */
public final class Sandbox {

  private Sandbox() {}

  public static void main(String[] args) throws Throwable {
    Thread host =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // Nothing is ever written: the stream only tells that the host lives.
                }
              } catch (IOException e) {
                // Closed: the host is gone.
              }
              Runtime.getRuntime().halt(137);
            },
            "sandbox-host");
    host.setDaemon(true);
    host.start();
    AWSLambda.main(args);
  }
}
