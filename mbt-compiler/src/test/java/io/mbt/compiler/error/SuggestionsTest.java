package io.mbt.compiler.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> XGBOOST = List.of("max_depth", "learning_rate", "n_estimators", "subsample");

  @Test
  void suggestsTheClosestCandidateForATypo() {
    assertThat(Suggestions.closest("max_depht", XGBOOST)).contains("max_depth");
    assertThat(Suggestions.closest("learnin_rate", XGBOOST)).contains("learning_rate");
  }

  @Test
  void countsASwapOfNeighbouringLettersAsOneEdit() {
    assertThat(Suggestions.distance("max_depht", "max_depth")).isEqualTo(1);
    assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }

  @Test
  void ignoresCase() {
    assertThat(Suggestions.closest("Max_Depth", XGBOOST)).contains("max_depth");
  }

  @Test
  void matchesNamesThatDifferOnlyInSeparatorsEvenWhenFarApart() {
    assertThat(Suggestions.distance("m_a_x_d_e_p_t_h", "max_depth")).isGreaterThan(5);
    assertThat(Suggestions.closest("m_a_x_d_e_p_t_h", XGBOOST)).contains("max_depth");
  }

  @Test
  void suggestsNothingWhenNoCandidateIsClose() {
    assertThat(Suggestions.closest("colour_palette", XGBOOST)).isEmpty();
    assertThat(Suggestions.closest("max_depth", List.of())).isEmpty();
  }

  @Test
  void breaksTiesAlphabetically() {
    assertThat(Suggestions.closest("abcx", List.of("abcz", "abcy"))).contains("abcy");
  }

  @Test
  void formatsDidYouMeanOrNothing() {
    assertThat(Suggestions.didYouMean("max_depht", XGBOOST)).isEqualTo(" (did you mean 'max_depth'?)");
    assertThat(Suggestions.didYouMean("colour_palette", XGBOOST)).isEmpty();
  }
}
