package dev.jobs.api.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.jobs.model.FieldError;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The contract's field errors: which field (its JSON or parameter name), and what is wrong. */
final class FieldErrors {

  private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private FieldErrors() {}

  static List<FieldError> of(Errors result) {
    return result.getFieldErrors().stream()
        .map(error -> of(jsonName(error.getField()), error.getDefaultMessage()))
        .toList();
  }

  static FieldError of(String field, String message) {
    return new FieldError().field(field).message(message);
  }

  /** The model's JSON names are the snake_case of its Java properties. */
  private static String jsonName(String javaPath) {
    return JSON_NAMES.translate(javaPath);
  }

  static String jsonPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String parameterName(MethodParameter parameter) {
    RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
    if (query != null && !query.value().isEmpty()) {
      return query.value();
    }
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    if (path != null && !path.value().isEmpty()) {
      return path.value();
    }
    return parameter.getParameterName();
  }

  static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "must be a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "must be an integer";
    }
    if (type.isEnum()) {
      return "must be one of the values the contract lists";
    }
    return "must be a JSON "
        + (java.util.Collection.class.isAssignableFrom(type) ? "array" : "object");
  }
}
