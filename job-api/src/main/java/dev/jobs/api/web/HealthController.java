package dev.jobs.api.web;

import dev.jobs.api.generated.HealthApi;
import dev.jobs.model.Health;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HealthController implements HealthApi {

  /** The build's version, as the model's jar (the contract's) records it in its manifest. */
  private static final String VERSION =
      String.valueOf(Health.class.getPackage().getImplementationVersion());

  @Override
  public ResponseEntity<Health> getHealth() {
    return ResponseEntity.ok(new Health().status(Health.StatusEnum.UP).version(VERSION));
  }
}
