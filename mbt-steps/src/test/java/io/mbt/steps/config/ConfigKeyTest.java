package io.mbt.steps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  private final ConfigKey<Integer> attempts =
      ConfigKey.integer("mbt.test.attempts", 5, 1, "Attempts.");

  @Test
  void returnsDefaultWhenKeyIsAbsent() {
    assertThat(attempts.read(Map.of())).isEqualTo(5);
  }

  @Test
  void parsesPresentValueIgnoringSurroundingSpace() {
    assertThat(attempts.read(Map.of("mbt.test.attempts", " 7 "))).isEqualTo(7);
  }

  @Test
  void rejectsValueThatDoesNotParse() {
    assertThatThrownBy(() -> attempts.read(Map.of("mbt.test.attempts", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mbt.test.attempts must be an integer >= 1, but was: 'many'");
  }

  @Test
  void rejectsValueBelowMinimum() {
    assertThatThrownBy(() -> attempts.read(Map.of("mbt.test.attempts", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mbt.test.attempts must be an integer >= 1, but was: '0'");
  }
}
