package dev.jobs.api.web;

import dev.jobs.api.generated.HealthApi;
import dev.jobs.model.Health;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class HealthController implements HealthApi {

  @Override
  public ResponseEntity<Health> getHealth() {
    return ResponseEntity.ok(new Health().status(Health.StatusEnum.UP));
  }
}
