package io.mbt.steps.transform.selection;

import java.util.List;
import java.util.Map;

/** One selection method: which of the remaining features it drops, and why. */
interface FeatureFilter {
  /**
   * @param remaining the features earlier methods kept, in assembler order
   * @return the dropped features with a short reason each (method name not included)
   */
  Map<FeatureUnit, String> drop(SelectionFrame frame, List<FeatureUnit> remaining);
}
