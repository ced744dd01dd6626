package dev.jobs.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.jobs.api.service.CityChangeException;
import dev.jobs.api.service.InvalidCursorException;
import dev.jobs.api.service.JobNotFoundException;
import dev.jobs.api.service.PreconditionFailedException;
import dev.jobs.model.FieldError;
import dev.jobs.store.JobConflictException;
import dev.jobs.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the RFC 9457 problem that job-api.yaml declares. Bodies say what the
 * client can fix, never what failed inside: no exception names, library messages or stack traces.
 */
@RestControllerAdvice
public class ProblemHandler {

  /** The detail of a 404 for an address the contract does not have. */
  public static final String NOTHING_HERE = "There is nothing at this address.";

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalidBody(
      MethodArgumentNotValidException e, HttpServletRequest request) {
    return badRequest(request, fieldErrors(e.getBindingResult()));
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameters(
      HandlerMethodValidationException e, HttpServletRequest request) {
    List<FieldError> errors = new ArrayList<>();
    e.getParameterValidationResults()
        .forEach(
            result -> {
              if (result instanceof ParameterErrors body) {
                errors.addAll(fieldErrors(body));
              } else {
                String name = parameterName(result.getMethodParameter());
                result
                    .getResolvableErrors()
                    .forEach(error -> errors.add(fieldError(name, error.getDefaultMessage())));
              }
            });
    return badRequest(request, errors);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> wrongParameterType(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    return badRequest(
        request,
        List.of(fieldError(parameterName(e.getParameter()), expected(e.getRequiredType()))));
  }

  @ExceptionHandler(QueryParameters.InvalidQueryParameterException.class)
  ResponseEntity<ProblemDetail> invalidQueryParameter(
      QueryParameters.InvalidQueryParameterException e, HttpServletRequest request) {
    return badRequest(request, List.of(fieldError(e.parameter(), e.getMessage())));
  }

  @ExceptionHandler(InvalidCursorException.class)
  ResponseEntity<ProblemDetail> invalidCursor(
      InvalidCursorException e, HttpServletRequest request) {
    return badRequest(request, List.of(fieldError("cursor", e.getMessage())));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadableBody(
      HttpMessageNotReadableException e, HttpServletRequest request) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof RequestBodyLimit.TooLargeException tooLarge) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), request);
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return badRequest(
          request, List.of(fieldError(jsonPath(unknown), "is not a field of this resource")));
    }
    if (cause instanceof InvalidNullException nullValue) {
      return badRequest(request, List.of(fieldError(jsonPath(nullValue), "must not be null")));
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return badRequest(
          request, List.of(fieldError(jsonPath(mismatch), expected(mismatch.getTargetType()))));
    }
    if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "The request body is not valid JSON (line %d, column %d)."
              .formatted(json.getLocation().getLineNr(), json.getLocation().getColumnNr()),
          request);
    }
    return problem(
        HttpStatus.BAD_REQUEST, "The request body is missing or is not a JSON object.", request);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> unsupportedMediaType(
      HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json.", request);
  }

  @ExceptionHandler({HttpMediaTypeNotAcceptableException.class, SuccessIsJson.NotAcceptable.class})
  ResponseEntity<ProblemDetail> notAcceptable(Exception e, HttpServletRequest request) {
    return problem(
        HttpStatus.NOT_ACCEPTABLE,
        "This resource answers application/json (errors application/problem+json).",
        request);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> methodNotAllowed(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    ResponseEntity<ProblemDetail> response =
        problem(
            HttpStatus.METHOD_NOT_ALLOWED,
            "This resource does not take " + e.getMethod() + ".",
            request);
    return ResponseEntity.status(response.getStatusCode())
        .headers(e.getHeaders())
        .body(response.getBody());
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ProblemDetail> noSuchResource(Exception e, HttpServletRequest request) {
    return problem(HttpStatus.NOT_FOUND, NOTHING_HERE, request);
  }

  @ExceptionHandler(JobNotFoundException.class)
  ResponseEntity<ProblemDetail> jobNotFound(JobNotFoundException e, HttpServletRequest request) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
  }

  @ExceptionHandler(CityChangeException.class)
  ResponseEntity<ProblemDetail> cityChange(CityChangeException e, HttpServletRequest request) {
    return problem(HttpStatus.CONFLICT, e.getMessage(), request);
  }

  @ExceptionHandler(PreconditionFailedException.class)
  ResponseEntity<ProblemDetail> preconditionFailed(
      PreconditionFailedException e, HttpServletRequest request) {
    return problem(HttpStatus.PRECONDITION_FAILED, e.getMessage(), request);
  }

  @ExceptionHandler(JobConflictException.class)
  ResponseEntity<ProblemDetail> conflict(JobConflictException e, HttpServletRequest request) {
    log.info("write conflict: {}", e.getMessage());
    return problem(
        HttpStatus.CONFLICT,
        "The job was changed by another request meanwhile; read it and try again.",
        request);
  }

  /** Throttled or down: the client may try again (JobsClient's retries do, on 503). */
  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<ProblemDetail> storeUnavailable(
      StoreUnavailableException e, HttpServletRequest request) {
    log.warn("the store is unavailable: {}", e.getMessage());
    ResponseEntity<ProblemDetail> response =
        problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The job store is busy or unavailable; try again in a moment.",
            request);
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(response.getBody());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    // Spring's other client errors (a missing parameter and the like) keep their status.
    if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
      HttpStatusCode status = response.getStatusCode();
      HttpStatus known = HttpStatus.resolve(status.value());
      return problem(
          status,
          known == null ? "The request cannot be served." : known.getReasonPhrase() + ".",
          request);
    }
    log.error("unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR, "The server could not answer; try again later.", request);
  }

  static ResponseEntity<ProblemDetail> problem(
      HttpStatusCode status, String detail, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    HttpStatus known = HttpStatus.resolve(status.value());
    if (known != null) {
      problem.setTitle(known.getReasonPhrase());
    }
    problem.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(status)
        .header(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .body(problem);
  }

  private static ResponseEntity<ProblemDetail> badRequest(
      HttpServletRequest request, List<FieldError> errors) {
    List<FieldError> sorted =
        errors.stream()
            .sorted(
                Comparator.comparing(FieldError::getField).thenComparing(FieldError::getMessage))
            .toList();
    String detail =
        sorted.size() == 1
            ? "The request has 1 invalid field."
            : "The request has " + sorted.size() + " invalid fields.";
    ResponseEntity<ProblemDetail> response = problem(HttpStatus.BAD_REQUEST, detail, request);
    response.getBody().setProperty("errors", sorted);
    return response;
  }

  private static List<FieldError> fieldErrors(Errors result) {
    return result.getFieldErrors().stream()
        .map(error -> fieldError(jsonName(error.getField()), error.getDefaultMessage()))
        .toList();
  }

  private static FieldError fieldError(String field, String message) {
    return new FieldError().field(field).message(message);
  }

  /** The model's JSON names are the snake_case of its Java properties. */
  private static String jsonName(String javaPath) {
    return JSON_NAMES.translate(javaPath);
  }

  private static String jsonPath(JsonMappingException e) {
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

  private static String parameterName(MethodParameter parameter) {
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

  private static String expected(Class<?> type) {
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
