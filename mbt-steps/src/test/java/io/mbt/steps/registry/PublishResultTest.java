package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishResultTest {

  @Test
  void onlyPublishedAndAlreadyPublishedAreSuccesses() {
    assertThat(PublishOutcome.PUBLISHED.isSuccess()).isTrue();
    assertThat(PublishOutcome.ALREADY_PUBLISHED.isSuccess()).isTrue();
    assertThat(PublishOutcome.CONFLICT.isSuccess()).isFalse();
    assertThat(PublishOutcome.REJECTED.isSuccess()).isFalse();
  }

  @Test
  void aRejectionNamesNoVersionAndAtLeastOneReason() {
    assertThatThrownBy(() -> new PublishResult(PublishOutcome.REJECTED, "m", Optional.of("1"), Optional.of("r"), List.of("X"), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a REJECTED publish result cannot name a version, but had Optional[1]");
    assertThatThrownBy(() -> new PublishResult(PublishOutcome.REJECTED, "m", Optional.empty(), Optional.empty(), List.of(), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a REJECTED publish result needs reason codes, but had []");
    assertThat(PublishResult.rejected("m", List.of(PublishReason.MANIFEST_INVALID, PublishReason.MANIFEST_INVALID), "d").reasonCodes())
        .containsExactly("MANIFEST_INVALID");
  }

  @Test
  void aSuccessNamesItsVersionAndRunAndNoReason() {
    assertThatThrownBy(() -> new PublishResult(PublishOutcome.PUBLISHED, "m", Optional.empty(), Optional.empty(), List.of(), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PUBLISHED publish result must name a version, but had Optional.empty");
    assertThatThrownBy(() -> new PublishResult(PublishOutcome.PUBLISHED, "m", Optional.of("1"), Optional.empty(), List.of(), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a publish result names a version and its run together, but had version Optional[1] and run Optional.empty");
    assertThatThrownBy(() -> new PublishResult(PublishOutcome.ALREADY_PUBLISHED, "m", Optional.of("1"), Optional.of("r"), List.of("X"), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ALREADY_PUBLISHED publish result has no reason codes, but had [X]");
  }

  @Test
  void theManifestDigestIsTheSha256OfItsBytes() {
    assertThat(CandidateBundles.sha256("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
