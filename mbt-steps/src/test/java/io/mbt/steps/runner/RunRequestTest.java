package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.api.SourcePins;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunRequestTest {
  private static final LocalDate DATE = LocalDate.of(2026, 1, 1);

  @Test
  void theFactoriesKeepTheirMeaning() {
    assertThat(RunRequest.run("r", DATE)).isEqualTo(new RunRequest("r", DATE, RunRequest.Mode.RUN, false, List.of(), Optional.empty()));
    assertThat(RunRequest.retry("r", DATE, true).force()).isTrue();
    assertThat(RunRequest.exec("r", DATE, "train").onlyStep()).hasValue("train");
    assertThat(RunRequest.run("r", DATE).onlyStep()).isEmpty();
    assertThat(RunRequest.steps("r", DATE, List.of("a", "b"), false).steps()).containsExactly("a", "b");
  }

  @Test
  void sourcePinsAreCarriedByAnyRequest() {
    SourcePins pins = SourcePins.of(Map.of("events", new SourcePins.Pin(3, "id-1")));
    RunRequest pinned = RunRequest.steps("r", DATE, List.of("load_data"), false).withSourcePins(pins);

    assertThat(pinned.sourcePins()).hasValue(pins);
    assertThat(pinned.steps()).containsExactly("load_data");
    assertThat(pins.pin("events")).hasValue(new SourcePins.Pin(3, "id-1"));
    assertThat(pins.pin("people")).isEmpty();
  }

  @Test
  void refusesStepsThatDoNotFitTheMode() {
    assertThatThrownBy(() -> RunRequest.steps("r", DATE, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a run of named steps needs at least one step name");
    assertThatThrownBy(() -> RunRequest.steps("r", DATE, List.of("a", "a"), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("step names must be distinct and not blank, but were: [a, a]");
    assertThatThrownBy(() -> new RunRequest("r", DATE, RunRequest.Mode.RETRY, false, List.of("a"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a retry runs every step it needs and names none, but was given [a]; use RunRequest.steps to run named steps");
    assertThatThrownBy(() -> new RunRequest("r", DATE, RunRequest.Mode.EXEC, true, List.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("exec needs a step");
  }

  @Test
  void refusesInvalidPins() {
    assertThatThrownBy(() -> new SourcePins.Pin(-1, "id"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a pinned Delta version must be >= 0, but was: -1");
    assertThatThrownBy(() -> new SourcePins.Pin(0, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a pinned Delta table id must not be blank");
  }

  @Test
  void optionsDefaultToTheProfilesPlacesAndRefuseABlankRoot() {
    RunOptions defaults = RunOptions.defaults();
    assertThat(defaults.artifactRoot()).isEmpty();
    assertThat(defaults.resultsFile()).isEmpty();
    assertThat(defaults.cancellation().isCancelled()).isFalse();
    assertThat(defaults.withResultsFile(Path.of("/mf/r.json")).resultsFile()).hasValue(Path.of("/mf/r.json"));
    assertThatThrownBy(() -> defaults.withArtifactRoot(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an artifact root must not be blank; give a URI such as s3a://bucket/mf/runs/<id>/attempt-1");
  }
}
