package dev.jobs.pipeline;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** Bean validation of the generated model, as the job API applies it. */
public final class JobValidation {

  private static final Validator VALIDATOR =
      Validation.byProvider(HibernateValidator.class)
          .configure()
          // No META-INF/validation.xml to read: parsing for it cost every cold start about 60 ms.
          .ignoreXmlConfiguration()
          // No expression language: messages have only parameters, and EL would be another jar.
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private JobValidation() {}

  public static Validator validator() {
    return VALIDATOR;
  }
}
