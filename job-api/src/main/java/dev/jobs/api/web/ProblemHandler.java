package dev.jobs.api.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.jobs.api.service.AmbiguousIdException;
import dev.jobs.api.service.CityChangeException;
import dev.jobs.api.service.InvalidCursorException;
import dev.jobs.api.service.JobNotFoundException;
import dev.jobs.api.service.PreconditionFailedException;
import dev.jobs.model.FieldError;
import dev.jobs.store.JobConflictException;
import dev.jobs.store.StoreUnavailableException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the RFC 9457 problem that job-api.yaml declares, on Spring's own mapping
 * of its exceptions ({@link ResponseEntityExceptionHandler}: status, {@code Allow} and the like),
 * with the project's details and extension: field errors. Bodies say what the client can fix, never
 * what failed inside: no exception names, library messages or stack traces.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  /** The detail of a 404 for an address the contract does not have. */
  public static final String NOTHING_HERE = "There is nothing at this address.";

  /** The detail of a 5xx: nothing of what failed inside. */
  static final String SERVER_FAILED = "The server could not answer; try again later.";

  private static final String NOT_ACCEPTABLE =
      "This resource answers application/json (errors application/problem+json).";

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  // --- Spring's exceptions, mapped by the base class, with this API's details.

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return badRequest(request, FieldErrors.of(e.getBindingResult()));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> errors = new ArrayList<>();
    e.getParameterValidationResults()
        .forEach(
            result -> {
              if (result instanceof ParameterErrors body) {
                errors.addAll(FieldErrors.of(body));
              } else {
                String name = FieldErrors.parameterName(result.getMethodParameter());
                result
                    .getResolvableErrors()
                    .forEach(error -> errors.add(FieldErrors.of(name, error.getDefaultMessage())));
              }
            });
    return badRequest(request, errors);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name =
        e instanceof MethodArgumentTypeMismatchException argument
            ? FieldErrors.parameterName(argument.getParameter())
            : e.getPropertyName();
    return badRequest(
        request, List.of(FieldErrors.of(name, FieldErrors.expected(e.getRequiredType()))));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof RequestBodyLimit.TooLargeException tooLarge) {
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), headers, request);
    }
    if (cause instanceof CharacterCodingException) {
      return problem(
          HttpStatus.BAD_REQUEST, "The request body is not UTF-8 text.", headers, request);
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return badRequest(
          request,
          List.of(
              FieldErrors.of(FieldErrors.jsonPath(unknown), "is not a field of this resource")));
    }
    if (cause instanceof InvalidNullException nullValue) {
      return badRequest(
          request, List.of(FieldErrors.of(FieldErrors.jsonPath(nullValue), "must not be null")));
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return badRequest(
          request,
          List.of(
              FieldErrors.of(
                  FieldErrors.jsonPath(mismatch), FieldErrors.expected(mismatch.getTargetType()))));
    }
    if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "The request body is not valid JSON (line %d, column %d)."
              .formatted(json.getLocation().getLineNr(), json.getLocation().getColumnNr()),
          headers,
          request);
    }
    return problem(
        HttpStatus.BAD_REQUEST,
        "The request body is missing or is not a JSON object.",
        headers,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return problem(status, "The request body must be application/json in UTF-8.", headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return problem(status, NOT_ACCEPTABLE, headers, request);
  }

  /** The base class gives the {@code Allow} header. */
  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return problem(status, "This resource does not take " + e.getMethod() + ".", headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoHandlerFoundException(
      NoHandlerFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(status, NOTHING_HERE, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return problem(status, NOTHING_HERE, headers, request);
  }

  /**
   * Every other exception of Spring's (a missing parameter and the like): its status, and its
   * reason phrase as the detail rather than Spring's message; a 5xx is logged and said no more of.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (status.is5xxServerError()) {
      log.error("unexpected failure of {}", request.getDescription(false), e);
      return problem(status, SERVER_FAILED, headers, request);
    }
    HttpStatus known = HttpStatus.resolve(status.value());
    return problem(
        status,
        known == null ? "The request cannot be served." : known.getReasonPhrase() + ".",
        headers,
        request);
  }

  // --- This API's own exceptions.

  @ExceptionHandler(QueryParameters.InvalidQueryParameterException.class)
  ResponseEntity<Object> invalidQueryParameter(
      QueryParameters.InvalidQueryParameterException e, WebRequest request) {
    return badRequest(request, List.of(FieldErrors.of(e.parameter(), e.getMessage())));
  }

  @ExceptionHandler(InvalidCursorException.class)
  ResponseEntity<Object> invalidCursor(InvalidCursorException e, WebRequest request) {
    return badRequest(request, List.of(FieldErrors.of("cursor", e.getMessage())));
  }

  @ExceptionHandler(SuccessIsJson.NotAcceptable.class)
  ResponseEntity<Object> notAcceptable(SuccessIsJson.NotAcceptable e, WebRequest request) {
    return problem(HttpStatus.NOT_ACCEPTABLE, NOT_ACCEPTABLE, new HttpHeaders(), request);
  }

  @ExceptionHandler(UnsignedWriteException.class)
  ResponseEntity<Object> unsignedWrite(UnsignedWriteException e, WebRequest request) {
    return problem(HttpStatus.FORBIDDEN, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler(JobNotFoundException.class)
  ResponseEntity<Object> jobNotFound(JobNotFoundException e, WebRequest request) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler(AmbiguousIdException.class)
  ResponseEntity<Object> ambiguousId(AmbiguousIdException e, WebRequest request) {
    ResponseEntity<Object> response =
        problem(HttpStatus.CONFLICT, e.getMessage(), new HttpHeaders(), request);
    ((ProblemDetail) response.getBody()).setProperty("cities", e.cities());
    return response;
  }

  @ExceptionHandler(CityChangeException.class)
  ResponseEntity<Object> cityChange(CityChangeException e, WebRequest request) {
    return problem(HttpStatus.CONFLICT, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler(PreconditionFailedException.class)
  ResponseEntity<Object> preconditionFailed(PreconditionFailedException e, WebRequest request) {
    return problem(HttpStatus.PRECONDITION_FAILED, e.getMessage(), new HttpHeaders(), request);
  }

  @ExceptionHandler(JobConflictException.class)
  ResponseEntity<Object> conflict(JobConflictException e, WebRequest request) {
    log.info("write conflict: {}", e.getMessage());
    return problem(
        HttpStatus.CONFLICT,
        "The job was changed by another request meanwhile; read it and try again.",
        new HttpHeaders(),
        request);
  }

  /** Throttled or down: the client may try again (JobsClient's retries do, on 503). */
  @ExceptionHandler(StoreUnavailableException.class)
  ResponseEntity<Object> storeUnavailable(StoreUnavailableException e, WebRequest request) {
    log.warn("the store is unavailable: {}", e.getMessage());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, "1");
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "The job store is busy or unavailable; try again in a moment.",
        headers,
        request);
  }

  /** Anything else is the server's failure, logged here and said no more of. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    if (e instanceof ErrorResponse response) {
      return handleExceptionInternal(
          e, null, response.getHeaders(), response.getStatusCode(), request);
    }
    return handleExceptionInternal(
        e, null, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
  }

  // --- The problem documents.

  /** A problem of this status: its reason phrase as title, the request's path as instance. */
  static ProblemDetail problemDetail(HttpStatusCode status, String detail, String path) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    HttpStatus known = HttpStatus.resolve(status.value());
    if (known != null) {
      problem.setTitle(known.getReasonPhrase());
    }
    problem.setInstance(URI.create(path));
    return problem;
  }

  private static ResponseEntity<Object> problem(
      HttpStatusCode status, String detail, HttpHeaders headers, WebRequest request) {
    String path = ((ServletWebRequest) request).getRequest().getRequestURI();
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problemDetail(status, detail, path));
  }

  private static ResponseEntity<Object> badRequest(WebRequest request, List<FieldError> errors) {
    List<FieldError> sorted =
        errors.stream()
            .sorted(
                Comparator.comparing(FieldError::getField).thenComparing(FieldError::getMessage))
            .toList();
    String detail =
        sorted.size() == 1
            ? "The request has 1 invalid field."
            : "The request has " + sorted.size() + " invalid fields.";
    ResponseEntity<Object> response =
        problem(HttpStatus.BAD_REQUEST, detail, new HttpHeaders(), request);
    ((ProblemDetail) response.getBody()).setProperty("errors", sorted);
    return response;
  }
}
