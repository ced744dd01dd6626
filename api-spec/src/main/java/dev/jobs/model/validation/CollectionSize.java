package dev.jobs.model.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;
import java.util.Collection;

/** {@code @Size} on a list (maxItems): with {@link TextSize}, the only validators of @Size. */
public class CollectionSize implements ConstraintValidator<Size, Collection<?>> {

  private int min;
  private int max;

  @Override
  public void initialize(Size size) {
    min = size.min();
    max = size.max();
  }

  @Override
  public boolean isValid(Collection<?> items, ConstraintValidatorContext context) {
    return items == null || (items.size() >= min && items.size() <= max);
  }
}
