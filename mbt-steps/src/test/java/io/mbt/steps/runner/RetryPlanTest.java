package io.mbt.steps.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestStep;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPlanTest {
  /** load (non-idempotent) -> validate -> split -> train (non-idempotent) -> evaluate. */
  private static Manifest chain() {
    Map<String, ManifestStep> steps = new LinkedHashMap<>();
    steps.put("load", TestManifests.step(TestSteps.Source.class, List.of(), List.of("data"), false, Map.of()));
    steps.put("validate", TestManifests.step(TestSteps.Double.class, List.of("load.data"), List.of("data"), true, Map.of()));
    steps.put("split", TestManifests.step(TestSteps.Double.class, List.of("validate.data"), List.of("data"), true, Map.of()));
    steps.put("train", TestManifests.step(TestSteps.Double.class, List.of("split.data"), List.of("data"), false, Map.of()));
    steps.put("evaluate", TestManifests.step(TestSteps.Double.class, List.of("train.data", "split.data"), List.of("data"), true, Map.of()));
    return TestManifests.of("p", Path.of("/tmp"), steps);
  }

  @Test
  void killedDuringTrainingResumesAtTrainingWithoutReloading() {
    Set<String> complete = Set.of("load", "validate", "split");
    assertThat(RetryPlan.stepsToRun(chain(), complete::contains)).containsExactly("train", "evaluate");
  }

  @Test
  void aNonIdempotentSourceIsReloadedWhenTheStepItFeedsMustRun() {
    Set<String> complete = Set.of("load");
    assertThat(RetryPlan.stepsToRun(chain(), complete::contains)).containsExactly("load", "validate", "split", "train", "evaluate");
  }

  @Test
  void everythingDownstreamOfARerunStepRunsAgain() {
    Set<String> complete = Set.of("load", "validate", "train", "evaluate");
    assertThat(RetryPlan.stepsToRun(chain(), complete::contains)).containsExactly("split", "train", "evaluate");
  }

  @Test
  void aCompleteRunHasNothingToDo() {
    assertThat(RetryPlan.stepsToRun(chain(), s -> true)).isEmpty();
  }
}
