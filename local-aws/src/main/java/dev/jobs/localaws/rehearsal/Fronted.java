package dev.jobs.localaws.rehearsal;

import dev.jobs.localaws.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An emulator behind its front: reached at the front's endpoint, which meets every caller as AWS
 * would under the current {@link Rehearsal}; the emulator itself stays reachable at {@link
 * #emulator()}'s, for what AWS does behind the scenes (creating resources, a test's checks).
 */
public final class Fronted implements Emulator {

  private final Emulator emulator;
  private final Supplier<Rehearsal> rehearsal;
  private final Function<Rehearsal, Front> frontOf;
  private final FrontServer server;
  private Rehearsal current;
  private Front front;

  private Fronted(
      int port,
      Emulator emulator,
      Supplier<Rehearsal> rehearsal,
      Function<Rehearsal, Front> frontOf) {
    this.emulator = emulator;
    this.rehearsal = rehearsal;
    this.frontOf = frontOf;
    try {
      this.server = FrontServer.start(port, emulator.endpoint(), this::front);
    } catch (IOException e) {
      emulator.close();
      throw new UncheckedIOException("cannot serve a front on port " + port, e);
    }
  }

  /** DynamoDB, with the capacity of the table named. */
  public static Fronted dynamoDb(
      int port, Emulator emulator, String table, Supplier<Rehearsal> rehearsal) {
    return new Fronted(port, emulator, rehearsal, current -> new DynamoDbFront(table, current));
  }

  public static Fronted sqs(int port, Emulator emulator, Supplier<Rehearsal> rehearsal) {
    return new Fronted(port, emulator, rehearsal, SqsFront::new);
  }

  public static Fronted s3(int port, Emulator emulator, Supplier<Rehearsal> rehearsal) {
    return new Fronted(port, emulator, rehearsal, S3Front::new);
  }

  /** The front of the current rehearsal: a new one (full buckets) when it changes. */
  private synchronized Front front() {
    Rehearsal now = rehearsal.get();
    if (now != current) {
      current = now;
      front = frontOf.apply(now);
    }
    return front;
  }

  /** The emulator behind the front. */
  public Emulator emulator() {
    return emulator;
  }

  @Override
  public URI endpoint() {
    return server.endpoint();
  }

  @Override
  public void close() {
    server.close();
    emulator.close();
  }
}
