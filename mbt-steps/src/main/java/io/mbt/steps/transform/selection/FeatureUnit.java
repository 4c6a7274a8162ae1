package io.mbt.steps.transform.selection;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One source feature as selection sees it, kept or dropped as a whole: a numeric column (raw, or
 * one slot of {@code __numeric_scaled}), or a categorical column with all the slots of its
 * one-hot vector (or its index).
 *
 * @param name the user's column name
 * @param numeric a numeric feature (variance and correlation apply), not a categorical one
 * @param input the assembler input it lives in: the raw column, {@code <c>__idx}, {@code
 *     <c>__ohe} or {@code __numeric_scaled}
 * @param inputSlot its slot in {@code input} when that is {@code __numeric_scaled}; else -1
 * @param slots its slots in the candidate vector that selection works on
 */
public record FeatureUnit(String name, boolean numeric, String input, int inputSlot, List<Integer> slots) {
  public FeatureUnit {
    requireNonNull(name, "name is null");
    requireNonNull(input, "input is null");
    slots = List.copyOf(slots);
  }
}
