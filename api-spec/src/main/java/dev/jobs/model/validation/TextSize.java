package dev.jobs.model.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Size;

/**
 * {@code @Size} on text as the contract means it: JSON Schema's {@code maxLength} counts characters
 * (code points), where Java's length counts UTF-16 units, so 51 emoji broke a limit of 100. Text
 * with an unpaired surrogate is refused too: no UTF-8 can carry it, and a strict JSON reader fails
 * on the page that holds it. Registered for every validator in {@code META-INF/validation.xml}.
 */
public class TextSize implements ConstraintValidator<Size, CharSequence> {

  private int min;
  private int max;

  @Override
  public void initialize(Size size) {
    min = size.min();
    max = size.max();
  }

  @Override
  public boolean isValid(CharSequence text, ConstraintValidatorContext context) {
    if (text == null) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate("must be Unicode text (an unpaired surrogate)")
            .addConstraintViolation();
        return false;
      }
    }
    int characters = Character.codePointCount(text, 0, text.length());
    return characters >= min && characters <= max;
  }
}
