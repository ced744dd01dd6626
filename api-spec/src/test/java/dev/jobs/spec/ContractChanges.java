package dev.jobs.spec;

import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedApiResponse;
import org.openapitools.openapidiff.core.model.ChangedContent;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedParameter;
import org.openapitools.openapidiff.core.model.ChangedParameters;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.Endpoint;

/**
 * What changed between two versions of the contract, operation by operation, in words, and whether
 * each change breaks a consumer of the older one. openapi-diff compares the documents; this says
 * what it found as a person reads it, and counts as breaking what it counts so, plus a response
 * field removed, which it deems compatible (an optional field may be absent) though a consumer that
 * reads the field breaks.
 */
final class ContractChanges {

  /** One change: the operation (or "contract"), what changed, whether it breaks a consumer. */
  record Change(String operation, String what, boolean breaking) {
    @Override
    public String toString() {
      return operation + ": " + what;
    }
  }

  private final List<Change> changes = new ArrayList<>();

  private ContractChanges() {}

  /** The changes from the contract {@code before} to {@code after} (YAML documents). */
  static List<Change> between(String before, String after) {
    ChangedOpenApi diff = OpenApiCompare.fromContents(before, after);
    ContractChanges found = new ContractChanges();
    found.describe(diff);
    if (diff.isIncompatible() && found.changes.stream().noneMatch(Change::breaking)) {
      // A rule of openapi-diff's that the words below do not cover: still a break.
      found.changes.add(new Change("contract", "changed incompatibly (openapi-diff)", true));
    }
    return List.copyOf(found.changes);
  }

  private void describe(ChangedOpenApi diff) {
    for (Endpoint removed : diff.getMissingEndpoints()) {
      add(label(removed), "removed", true);
    }
    for (Endpoint added : diff.getNewEndpoints()) {
      add(label(added), "added", false);
    }
    for (ChangedOperation operation : diff.getChangedOperations()) {
      String label = operation.getHttpMethod() + " " + operation.getPathUrl();
      parameters(label, operation.getParameters());
      if (operation.getRequestBody() != null) {
        if (operation.getRequestBody().isChangeRequired()) {
          add(label, "its request body became required", true);
        }
        content(label, "request body", operation.getRequestBody().getContent(), false);
      }
      responses(label, operation.getApiResponses());
    }
  }

  private void parameters(String operation, ChangedParameters parameters) {
    if (parameters == null) {
      return;
    }
    for (Parameter removed : parameters.getMissing()) {
      add(operation, "parameter " + name(removed) + " removed", true);
    }
    for (Parameter added : parameters.getIncreased()) {
      boolean required = Boolean.TRUE.equals(added.getRequired());
      add(
          operation,
          (required ? "required" : "optional") + " parameter " + name(added) + " added",
          required);
    }
    for (ChangedParameter changed : parameters.getChanged()) {
      String where = "parameter " + name(changed.getNewParameter());
      if (changed.isChangeRequired()) {
        boolean nowRequired = Boolean.TRUE.equals(changed.getNewParameter().getRequired());
        add(
            operation,
            where + (nowRequired ? " became required" : " became optional"),
            nowRequired);
      }
      schema(operation, where, changed.getSchema(), false);
    }
  }

  private void responses(String operation, ChangedApiResponse responses) {
    if (responses == null) {
      return;
    }
    responses
        .getMissing()
        .keySet()
        .forEach(status -> add(operation, "response " + status + " removed", true));
    responses
        .getIncreased()
        .keySet()
        .forEach(status -> add(operation, "response " + status + " added", false));
    responses
        .getChanged()
        .forEach(
            (status, changed) ->
                content(operation, "response " + status, changed.getContent(), true));
  }

  private void content(String operation, String where, ChangedContent content, boolean response) {
    if (content == null) {
      return;
    }
    content
        .getMissing()
        .keySet()
        .forEach(
            type ->
                add(
                    operation,
                    where + " no longer " + (response ? "answers " : "takes ") + type,
                    true));
    content
        .getIncreased()
        .keySet()
        .forEach(
            type ->
                add(
                    operation,
                    where + " now " + (response ? "may answer " : "takes ") + type,
                    response));
    content
        .getChanged()
        .forEach((type, changed) -> schema(operation, where, changed.getSchema(), response));
  }

  /** A schema's changes, recursively; in a response, or in what a client sends. */
  private void schema(String operation, String where, ChangedSchema schema, boolean response) {
    if (schema == null) {
      return;
    }
    if (schema.isChangedType()) {
      add(operation, where + " changed type", true);
    }
    for (String field : schema.getMissingProperties().keySet()) {
      add(
          operation,
          where + (response ? " no longer has field " : " no longer takes field ") + field,
          true);
    }
    for (String field : schema.getIncreasedProperties().keySet()) {
      add(
          operation,
          where + (response ? " has a new field " : " takes a new field ") + field,
          false);
    }
    if (schema.getRequired() != null) {
      for (String field : schema.getRequired().getIncreased()) {
        add(operation, where + " field " + field + " became required", !response);
      }
      for (String field : schema.getRequired().getMissing()) {
        add(operation, where + " field " + field + " became optional", response);
      }
    }
    if (schema.getEnumeration() != null) {
      List<?> fewer = schema.getEnumeration().getMissing();
      List<?> more = schema.getEnumeration().getIncreased();
      if (!fewer.isEmpty()) {
        add(operation, where + " no longer allows " + fewer, !response);
      }
      if (!more.isEmpty()) {
        add(operation, where + " now allows " + more, response);
      }
    }
    boolean describedAbove =
        schema.isChangedType()
            || !schema.getMissingProperties().isEmpty()
            || (schema.getEnumeration() != null && schema.getEnumeration().isIncompatible());
    if (schema.getMaxLength() != null && schema.getMaxLength().isIncompatible()
        || schema.getMinLength() != null && schema.getMinLength().isIncompatible()
        || schema.getNumericRange() != null && schema.getNumericRange().isIncompatible()
        || schema.getPattern() != null && schema.getPattern().isIncompatible()) {
      add(operation, where + " narrowed what it " + (response ? "may answer" : "takes"), true);
    } else if (!describedAbove && schema.getPattern() != null) {
      add(operation, where + " changed its pattern", false);
    }
    for (Map.Entry<String, ChangedSchema> field : schema.getChangedProperties().entrySet()) {
      schema(operation, where + " field " + field.getKey(), field.getValue(), response);
    }
    schema(operation, where + " items", schema.getItems(), response);
  }

  private void add(String operation, String what, boolean breaking) {
    changes.add(new Change(operation, what, breaking));
  }

  private static String label(Endpoint endpoint) {
    return endpoint.getMethod() + " " + endpoint.getPathUrl();
  }

  private static String name(Parameter parameter) {
    return parameter.getIn() + " " + parameter.getName();
  }
}
