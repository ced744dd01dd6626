package dev.jobs.api.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

  /**
   * JSON types are part of the contract: {@code "title": 42} is a client's mistake (400), not the
   * string "42", and {@code "limit": "7"} in a body is not the integer 7. No field of a request
   * body is nullable: {@code "url": null} is refused, not taken for an absent url.
   */
  @Bean
  public Jackson2ObjectMapperBuilderCustomizer strictScalars() {
    return builder ->
        builder.postConfigurer(
            mapper -> {
              mapper.setDefaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL));
              mapper
                  .coercionConfigFor(LogicalType.Textual)
                  .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              mapper
                  .coercionConfigFor(LogicalType.Integer)
                  .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            });
  }
}
