package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replaying an alias's events (every registry adapter shares this), without any registry. */
class AliasHistoryTest {

  /** Events from a script like {@code "+a", "+b", "-a"}: {@code +} promotes, {@code -} rolls back to. */
  private static AliasHistory replay(String... moves) {
    List<AliasEvent> events = new ArrayList<>();
    Optional<String> current = Optional.empty();
    for (String move : moves) {
      AliasAction action = move.startsWith("+") ? AliasAction.PROMOTE : AliasAction.ROLLBACK;
      String to = move.substring(1);
      events.add(new AliasEvent(events.size() + 1, "churn", "champion", action, current, to, "ana", "because",
          Instant.parse("2026-01-01T00:00:00Z").plusSeconds(events.size())));
      current = Optional.of(to);
    }
    return new AliasHistory(events);
  }

  @Test
  void anAliasWithoutEventsNamesNothingAndStartsAtSequenceOne() {
    AliasHistory history = replay();
    assertThat(history.current()).isEmpty();
    assertThat(history.last()).isEmpty();
    assertThat(history.nextSequence()).isEqualTo(1);
    assertThatThrownBy(() -> history.rollbackTarget("champion", Optional.empty())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias 'champion' has no earlier run to roll back to (it was never set); promote the run you want instead: mbt registry promote");
  }

  @Test
  void replaysPromotionsAsAStackThatRollbacksPop() {
    // script, current run, default rollback target
    Object[][] cases = {
        {new String[] {"+a"}, "a", null},
        {new String[] {"+a", "+b"}, "b", "a"},
        {new String[] {"+a", "+b", "+c"}, "c", "b"},
        {new String[] {"+a", "+b", "+c", "-b"}, "b", "a"},
        {new String[] {"+a", "+b", "+c", "-a"}, "a", null},
        {new String[] {"+a", "+b", "-a", "+c"}, "c", "a"},
        {new String[] {"+a", "+b", "+a"}, "a", "b"},
    };
    for (Object[] c : cases) {
      String[] script = (String[]) c[0];
      AliasHistory history = replay(script);
      assertThat(history.current()).as(String.join(" ", script)).contains((String) c[1]);
      assertThat(history.nextSequence()).as(String.join(" ", script)).isEqualTo(script.length + 1);
      if (c[2] == null) {
        assertThatThrownBy(() -> history.rollbackTarget("champion", Optional.empty())).as(String.join(" ", script))
            .hasMessageContaining("no earlier run to roll back to (it names " + c[1] + " since its first promotion)");
      } else {
        assertThat(history.rollbackTarget("champion", Optional.empty())).as(String.join(" ", script)).isEqualTo(c[2]);
      }
    }
  }

  @Test
  void anExplicitRollbackTargetMustBeARunTheAliasHeldBelowItsCurrentOne() {
    AliasHistory history = replay("+a", "+b", "+c");
    assertThat(history.rollbackTarget("champion", Optional.of("a"))).isEqualTo("a");
    assertThatThrownBy(() -> history.rollbackTarget("champion", Optional.of("c"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alias 'champion' never held run c before its current run c; it can roll back to [b, a], or promote c explicitly");
    assertThatThrownBy(() -> history.rollbackTarget("champion", Optional.of("z")))
        .hasMessageContaining("never held run z before its current run c");
  }
}
