package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.TimeUnit;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.model.Window;
import io.mbt.steps.api.StepFailedException;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowsTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);

  private static TrainingWindows windows(long offset, TimeUnit labelUnit, long trainDuration, TimeUnit trainUnit) {
    return new TrainingWindows(new Window(offset, 1, labelUnit), new Window(0, trainDuration, trainUnit), Optional.empty());
  }

  @Test
  void monthWindowsMatchTheBlueprintExample() {
    Windows w = Windows.resolve(windows(-1, TimeUnit.MONTH, 12, TimeUnit.MONTH), LocalDate.of(2026, 3, 1), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2025, 2, 1), LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)));
    assertThat(w.trainEnd()).isEqualTo(LocalDate.of(2026, 2, 1));
  }

  @Test
  void monthWindowsAlignAnExecutionDateInsideAMonthToItsFirstDay() {
    Windows w = Windows.resolve(windows(-1, TimeUnit.MONTH, 3, TimeUnit.MONTH), LocalDate.of(2026, 3, 17), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2025, 11, 1), LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)));
  }

  @Test
  void dayWindowsDoNotAlign() {
    Windows w = Windows.resolve(windows(-7, TimeUnit.DAY, 30, TimeUnit.DAY), LocalDate.of(2026, 3, 17), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2026, 2, 8), LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11)));
  }

  @Test
  void weekWindowsStartOnMonday() {
    // 2026-03-19 is a Thursday; its week starts Monday 2026-03-16.
    Windows w = Windows.resolve(windows(-1, TimeUnit.WEEK, 4, TimeUnit.WEEK), LocalDate.of(2026, 3, 19), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2026, 2, 9), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 16)));
    assertThat(w.labelStart().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
  }

  @Test
  void quarterWindowsStartOnTheFirstDayOfTheQuarter() {
    Windows w = Windows.resolve(windows(-1, TimeUnit.QUARTER, 4, TimeUnit.QUARTER), LocalDate.of(2026, 5, 20), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)));
  }

  @Test
  void trainWindowMayUseAnotherUnitThanTheLabelWindow() {
    Windows w = Windows.resolve(windows(0, TimeUnit.WEEK, 2, TimeUnit.MONTH), LocalDate.of(2026, 3, 19), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2026, 1, 16), LocalDate.of(2026, 3, 16), LocalDate.of(2026, 3, 23)));
  }

  @Test
  void labelWindowDurationSpansSeveralUnits() {
    TrainingWindows spec = new TrainingWindows(new Window(-3, 3, TimeUnit.MONTH), new Window(0, 6, TimeUnit.MONTH), Optional.empty());

    Windows w = Windows.resolve(spec, LocalDate.of(2026, 4, 2), TODAY);

    assertThat(w).isEqualTo(new Windows(LocalDate.of(2025, 7, 1), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 4, 1)));
  }

  @Test
  void refusesAnExecutionDateInTheFuture() {
    assertThatThrownBy(() -> Windows.resolve(windows(-1, TimeUnit.MONTH, 12, TimeUnit.MONTH), TODAY.plusDays(1), TODAY))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("execution_date 2026-07-01 is in the future (today is 2026-06-30 UTC): data_windows relative to it would select data"
            + " that does not exist yet");
  }

  @Test
  void acceptsTodayAsExecutionDate() {
    assertThat(Windows.resolve(windows(-1, TimeUnit.DAY, 1, TimeUnit.DAY), TODAY, TODAY).labelEnd()).isEqualTo(TODAY);
  }
}
