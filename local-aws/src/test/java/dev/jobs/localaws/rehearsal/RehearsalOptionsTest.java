package dev.jobs.localaws.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run command's options: what they set, and a one-line error naming a bad one. */
class RehearsalOptionsTest {

  private static final TableCapacity DECLARED = TableCapacity.provisioned(5, 5, 300);

  @Test
  void withoutOptionsTheDeclaredCapacityAndNoFaults() {
    Rehearsal rehearsal = Rehearsal.fromOptions(null, null, null, DECLARED);

    assertThat(rehearsal.capacity()).isEqualTo(DECLARED);
    assertThat(rehearsal.faultRate()).isZero();
  }

  @Test
  void optionsSetTheCapacityItsBurstAndTheFaults() {
    Rehearsal rehearsal = Rehearsal.fromOptions("10", "30", "0.05", TableCapacity.ON_DEMAND);

    assertThat(rehearsal.capacity()).isEqualTo(TableCapacity.provisioned(10, 10, 30));
    assertThat(rehearsal.faultRate()).isEqualTo(0.05);
    assertThat(Rehearsal.fromOptions("on-demand", null, "0", DECLARED).capacity())
        .isEqualTo(TableCapacity.ON_DEMAND);
    assertThat(Rehearsal.fromOptions(null, "0", null, DECLARED).capacity())
        .isEqualTo(TableCapacity.provisioned(5, 5, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ten  |     |      | -Dtable.capacity=ten is not a whole number from 1 to 40000, or on-demand",
        "0    |     |      | -Dtable.capacity=0 is not a whole number from 1 to 40000, or on-demand",
        "2.5  |     |      | -Dtable.capacity=2.5 is not a whole number from 1 to 40000, or on-demand",
        "     | 301 |      | -Dtable.burst=301 is not a whole number from 0 to 300",
        "     |     | 5%   | -Dfaults=5% is not a number from 0 to 1",
        "     |     | 1.5  | -Dfaults=1.5 is not a number from 0 to 1",
        "     |     | NaN  | -Dfaults=NaN is not a number from 0 to 1",
      })
  void aBadOptionIsOneLineThatNamesIt(
      String capacity, String burst, String faults, String message) {
    assertThatThrownBy(() -> Rehearsal.fromOptions(capacity, burst, faults, DECLARED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .hasNoCause();
  }
}
