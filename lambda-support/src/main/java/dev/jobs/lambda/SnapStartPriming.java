package dev.jobs.lambda;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primes a function before SnapStart snapshots it (as its version is published): what a first
 * invocation would load and compile runs once, on data of its own, with no effect on the bucket,
 * queue or table. A priming that fails is logged and the snapshot taken all the same: priming only
 * makes the first invocation faster.
 */
public final class SnapStartPriming implements Resource {

  private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);

  private final String function;
  private final Runnable prime;

  private SnapStartPriming(String function, Runnable prime) {
    this.function = function;
    this.prime = prime;
  }

  /** Registers the priming; the caller keeps it, as CRaC may hold resources weakly. */
  public static SnapStartPriming register(String function, Runnable prime) {
    SnapStartPriming priming = new SnapStartPriming(function, prime);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  /** Runs the priming now, a failure thrown (the tests; SnapStart runs it before its snapshot). */
  public void prime() {
    prime.run();
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long start = System.nanoTime();
    try {
      prime.run();
      log.atInfo()
          .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000)
          .log("primed {}", function);
    } catch (RuntimeException e) {
      log.warn("priming {} failed; the snapshot is taken unprimed", function, e);
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to renew: the SDK clients read their credentials from the restored environment.
  }
}
