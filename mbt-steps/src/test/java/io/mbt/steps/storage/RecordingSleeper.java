package io.mbt.steps.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records the waits it is asked for instead of sleeping. */
final class RecordingSleeper implements Retrier.Sleeper {
  final List<Duration> waits = new ArrayList<>();

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
  }
}
