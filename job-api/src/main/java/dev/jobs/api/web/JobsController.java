package dev.jobs.api.web;

import dev.jobs.api.generated.JobsApi;
import dev.jobs.api.service.JobService;
import dev.jobs.api.service.JobVersions;
import dev.jobs.model.Job;
import dev.jobs.model.JobInput;
import dev.jobs.model.JobPage;
import java.beans.PropertyEditorSupport;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The jobs operations of job-api.yaml; mappings and validation come from the generated interface.
 */
@RestController
public class JobsController implements JobsApi {

  private final JobService jobs;

  public JobsController(JobService jobs) {
    this.jobs = jobs;
  }

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,10}");

  /**
   * An integer parameter is ASCII decimal, as the contract's integers are: Spring's own conversion
   * also decodes {@code 0x10} and {@code #10}, and Java's reads any script's digits, so {@code
   * ?limit=0x10} listed 16 jobs and {@code ?limit=٥} (Arabic-Indic 5) five.
   */
  @InitBinder
  void decimalIntegers(WebDataBinder binder) {
    binder.registerCustomEditor(
        Integer.class,
        new PropertyEditorSupport() {
          @Override
          public void setAsText(String text) {
            if (!DECIMAL.matcher(text).matches()) {
              throw new IllegalArgumentException("not a decimal integer: " + text);
            }
            setValue(Integer.valueOf(text));
          }
        });
  }

  @Override
  public ResponseEntity<JobPage> listJobs(Integer limit, String cursor, String city) {
    return ResponseEntity.ok(
        jobs.list(limit, Optional.ofNullable(city), Optional.ofNullable(cursor)));
  }

  /** {@code If-None-Match} is Spring's to answer: a 304 when the job's ETag is one it names. */
  @Override
  public ResponseEntity<Job> getJob(String id, String city, String ifNoneMatch) {
    Job job = jobs.get(id, Optional.ofNullable(city));
    return ResponseEntity.ok().eTag(JobVersions.etag(job)).body(job);
  }

  @Override
  public ResponseEntity<Job> createJob(JobInput jobInput) {
    Job created = jobs.create(jobInput);
    // Where the client called, the gateway's stage included (the handler's X-Forwarded-Prefix).
    return ResponseEntity.created(
            ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{id}")
                .buildAndExpand(created.getId())
                .toUri())
        .eTag(JobVersions.etag(created))
        .body(created);
  }

  @Override
  public ResponseEntity<Job> replaceJob(String id, JobInput jobInput, String ifMatch) {
    Job replaced = jobs.replace(id, jobInput, Optional.ofNullable(ifMatch));
    return ResponseEntity.ok().eTag(JobVersions.etag(replaced)).body(replaced);
  }

  @Override
  public ResponseEntity<Void> deleteJob(String id, String city, String ifMatch) {
    jobs.delete(id, Optional.ofNullable(city), Optional.ofNullable(ifMatch));
    return ResponseEntity.noContent().build();
  }
}
