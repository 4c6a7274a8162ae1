package io.mbt.steps.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An alias's state replayed from its append-only events, the same way in every registry: a
 * promotion pushes its run, a rollback pops back to the run it names. So a rollback undoes the
 * promotion that set the current run, and a second rollback the one before.
 */
public final class AliasHistory {
  private final List<AliasEvent> events;
  private final Deque<String> stack = new ArrayDeque<>();

  public AliasHistory(List<AliasEvent> events) {
    this.events = List.copyOf(events);
    for (AliasEvent e : this.events) {
      if (e.action() == AliasAction.PROMOTE) {
        if (!e.toRunId().equals(stack.peek())) {
          stack.push(e.toRunId());
        }
      } else {
        while (!stack.isEmpty() && !stack.peek().equals(e.toRunId())) {
          stack.pop();
        }
        if (stack.isEmpty()) {
          stack.push(e.toRunId());
        }
      }
    }
  }

  /** The run the alias names now. */
  public Optional<String> current() {
    return Optional.ofNullable(stack.peek());
  }

  /** The last event, if any. */
  public Optional<AliasEvent> last() {
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  /** The sequence number the next event takes. */
  public long nextSequence() {
    return last().map(e -> e.sequence() + 1).orElse(1L);
  }

  /**
   * The run a rollback goes to: {@code requested} if the alias held it earlier (below the current
   * run), else the run before the current one.
   *
   * @throws IllegalArgumentException if there is no earlier run, or {@code requested} is not one
   */
  public String rollbackTarget(String alias, Optional<String> requested) {
    List<String> earlier = new ArrayList<>(stack);
    if (earlier.size() < 2) {
      throw new IllegalArgumentException("alias '" + alias + "' has no earlier run to roll back to"
          + current().map(r -> " (it names " + r + " since its first promotion)").orElse(" (it was never set)")
          + "; promote the run you want instead: mbt registry promote");
    }
    earlier.remove(0);
    if (requested.isEmpty()) {
      return earlier.get(0);
    }
    if (!earlier.contains(requested.get())) {
      throw new IllegalArgumentException("alias '" + alias + "' never held run " + requested.get() + " before its current run "
          + current().orElse("") + "; it can roll back to " + earlier + ", or promote " + requested.get() + " explicitly");
    }
    return requested.get();
  }
}
