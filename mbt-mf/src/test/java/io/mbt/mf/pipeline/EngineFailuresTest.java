package io.mbt.mf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.manifest.Manifest;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.mf.admission.ReasonCode;
import io.mbt.mf.engine.StageFailedException;
import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.api.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** How a runner failure becomes a reason code, and which steps a TRAIN attempt runs. */
class EngineFailuresTest {

  private static ReasonCode code(Throwable failure) {
    return EngineFailures.classify("TRAIN", "tr_x_a1", failure).code();
  }

  @Test
  void pinnedInputsThatAreGoneOrReplacedAreHardReferenceAndIntegrityFailures() {
    assertThat(code(new StepFailedException("load_data failed", "", new SourcePinException(SourcePinException.Code.VERSION_NOT_FOUND, "t",
        "version 3 was vacuumed", "")))).isEqualTo(ReasonCode.REF_NOT_FOUND);
    assertThat(code(new SourcePinException(SourcePinException.Code.TABLE_NOT_FOUND, "t", "gone", ""))).isEqualTo(ReasonCode.REF_NOT_FOUND);
    assertThat(code(new SourcePinException(SourcePinException.Code.TABLE_REPLACED, "t", "re-created", "")))
        .isEqualTo(ReasonCode.IMMUTABILITY_CONFLICT);
    assertThat(code(new SourcePinException(SourcePinException.Code.NOT_PINNED, "t", "not pinned", "")))
        .isEqualTo(ReasonCode.SCHEMA_INCOMPATIBLE_WITH_RECIPE);
    assertThat(code(new SourcePinException(SourcePinException.Code.NOT_VERSIONED, "t", "csv", ""))).isEqualTo(ReasonCode.RECIPE_INVALID);
  }

  @Test
  void memoryLostStorageAndLostExecutorsAreTransientAStepsOwnErrorIsNot() {
    assertThat(code(new RuntimeException("boom", new OutOfMemoryError("Java heap space")))).isEqualTo(ReasonCode.RESOURCE_EXHAUSTED);
    assertThat(code(new UncheckedIOException(new IOException("read failed", new SocketTimeoutException("Read timed out")))))
        .isEqualTo(ReasonCode.TRANSIENT_IO);
    assertThat(code(new RuntimeException("Job aborted due to stage failure: ExecutorLostFailure (executor 3 exited)")))
        .isEqualTo(ReasonCode.RUNTIME_CRASH);
    assertThat(code(new StepFailedException("column 'Churn' not found", "check the schema"))).isEqualTo(ReasonCode.STEP_FAILED);
    assertThat(ReasonCode.STEP_FAILED.retryable()).isFalse();
    assertThat(ReasonCode.TRANSIENT_IO.retryable()).isTrue();
  }

  @Test
  void anAlreadyClassifiedFailureKeepsItsCode() {
    StageFailedException classified = new StageFailedException(ReasonCode.RECIPE_DIGEST_MISMATCH, "changed");
    assertThat(EngineFailures.classify("EVAL", "tr_x_a1", classified)).isSameAs(classified);
  }

  @Test
  void aTrainAttemptRunsEveryStepButTheEvaluationAndLogRun() throws Exception {
    Manifest manifest;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("golden/telecom-churn/churn_xgb_v1.manifest.json")) {
      assertThat(in).as("the compiler's golden manifests are on the test classpath").isNotNull();
      manifest = ManifestJson.mapper().readValue(in, Manifest.class);
    }

    assertThat(PipelineEngine.trainSteps(manifest)).containsExactly("load_data", "validate_data", "split_data", "encode", "normalize",
        "train_model");
    assertThat(PipelineEngine.engineRunId("tr_abc", 2)).isEqualTo("tr_abc_a2");
  }
}
