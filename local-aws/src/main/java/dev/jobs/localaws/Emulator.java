package dev.jobs.localaws;

import java.net.URI;

/** A running emulator of one AWS service, reached at {@link #endpoint()} until closed. */
public interface Emulator extends AutoCloseable {

  URI endpoint();

  @Override
  void close();
}
