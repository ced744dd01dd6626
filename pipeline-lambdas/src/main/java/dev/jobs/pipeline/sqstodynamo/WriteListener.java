package dev.jobs.pipeline.sqstodynamo;

/**
 * Told what each batch of job messages came to. On Lambda, {@link LoggedWrites} logs it (where the
 * local run reads which rows are stored); in a test's JVM, the local run's progress hears it.
 */
public interface WriteListener {

  WriteListener NONE = outcome -> {};

  void written(BatchOutcome outcome);
}
