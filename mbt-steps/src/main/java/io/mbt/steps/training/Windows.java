package io.mbt.steps.training;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.TimeUnit;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.model.Window;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.connector.ReadOptions.DateFilter;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The dates {@code data_windows} select, relative to an execution date (blueprint §2.3), shared by
 * {@code load_data} (which reads {@code [trainStart, labelEnd)}) and {@code split_data}.
 *
 * <p>The label window starts at the execution date aligned to the start of its unit (day; week:
 * Monday; month: the 1st; quarter: the 1st of January, April, July or October), moved {@code
 * offset} units, and spans {@code duration} units. The train window is the {@code duration} units
 * of its own unit immediately before the label window. All windows are half-open {@code [start,
 * end)}: a row on a boundary belongs to exactly one window. With {@code execution_date=2026-03-01},
 * {@code label_window: {offset: -1, unit: month}} and {@code train_window: {duration: 12, unit:
 * month}}: test = February 2026, train = February 2025 to January 2026.
 */
public record Windows(LocalDate trainStart, LocalDate labelStart, LocalDate labelEnd) {
  public Windows {
    requireNonNull(trainStart, "trainStart is null");
    requireNonNull(labelStart, "labelStart is null");
    requireNonNull(labelEnd, "labelEnd is null");
  }

  /** The windows for {@code executionDate}, refusing a date after today (UTC). */
  public static Windows resolve(TrainingWindows spec, LocalDate executionDate) {
    return resolve(spec, executionDate, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * The windows for {@code executionDate}.
   *
   * @throws StepFailedException if {@code executionDate} is after {@code today}: its label window
   *     would hold data that does not exist yet
   */
  public static Windows resolve(TrainingWindows spec, LocalDate executionDate, LocalDate today) {
    if (executionDate.isAfter(today)) {
      throw new StepFailedException("execution_date " + executionDate + " is in the future (today is " + today
          + " UTC): data_windows relative to it would select data that does not exist yet",
          "pass --vars execution_date=YYYY-MM-DD on or before " + today + ", or leave it out to use today");
    }
    Window label = spec.labelWindow();
    LocalDate labelStart = plus(align(executionDate, label.unit()), label.offset(), label.unit());
    LocalDate labelEnd = plus(labelStart, label.duration(), label.unit());
    Window train = spec.trainWindow();
    LocalDate trainStart = plus(labelStart, -train.duration(), train.unit());
    return new Windows(trainStart, labelStart, labelEnd);
  }

  /** The train window ends where the label window starts. */
  public LocalDate trainEnd() {
    return labelStart;
  }

  /** Rows of both windows: {@code [trainStart, labelEnd)} on {@code column}. */
  public DateFilter all(String column) {
    return new DateFilter(column, trainStart, labelEnd);
  }

  public DateFilter train(String column) {
    return new DateFilter(column, trainStart, labelStart);
  }

  public DateFilter label(String column) {
    return new DateFilter(column, labelStart, labelEnd);
  }

  /** The first day of the unit {@code date} falls in. */
  public static LocalDate align(LocalDate date, TimeUnit unit) {
    return switch (unit) {
      case DAY -> date;
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> date.withDayOfMonth(1);
      case QUARTER -> LocalDate.of(date.getYear(), ((date.getMonthValue() - 1) / 3) * 3 + 1, 1);
    };
  }

  public static LocalDate plus(LocalDate date, long amount, TimeUnit unit) {
    return switch (unit) {
      case DAY -> date.plusDays(amount);
      case WEEK -> date.plusWeeks(amount);
      case MONTH -> date.plusMonths(amount);
      case QUARTER -> date.plusMonths(3 * amount);
    };
  }

  @Override
  public String toString() {
    return "train [" + trainStart + ", " + labelStart + "), label [" + labelStart + ", " + labelEnd + ")";
  }
}
