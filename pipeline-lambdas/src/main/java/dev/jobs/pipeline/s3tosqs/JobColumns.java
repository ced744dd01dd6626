package dev.jobs.pipeline.s3tosqs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.jobs.model.Job;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/** The CSV's columns: the job model's fields under their contract (snake_case) names. */
final class JobColumns {

  static final List<String> NAMES =
      Arrays.stream(Job.class.getDeclaredFields())
          .filter(field -> !Modifier.isStatic(field.getModifiers()))
          .map(Field::getName)
          .map(JobColumns::jsonName)
          .toList();

  private JobColumns() {}

  static String jsonName(String javaName) {
    return ((PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE)
        .translate(javaName);
  }
}
