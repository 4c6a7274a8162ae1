package io.mbt.compiler.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.Location;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YPaths;
import io.mbt.compiler.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepMergeTest {
  private static YNode merge(String parent, String child) {
    return DeepMerge.merge(YamlReader.read(parent, "base.yaml"), YamlReader.read(child, "child.yaml"));
  }

  @Test
  void mergesMappingsRecursively() {
    YNode merged = merge("a:\n  x: 1\n  y: {p: 1, q: 2}\n", "a:\n  y: {q: 3, r: 4}\n  z: 5\n");

    assertThat(merged.toPlain()).isEqualTo(Map.of("a", Map.of("x", 1L, "y", Map.of("p", 1L, "q", 3L, "r", 4L), "z", 5L)));
  }

  @Test
  void replacesListsInsteadOfAppending() {
    assertThat(merge("tags: [churn, telecom]\n", "tags: [xgboost]\n").toPlain()).isEqualTo(Map.of("tags", List.of("xgboost")));
  }

  @Test
  void replacesScalars() {
    assertThat(merge("a: 1\nb: x\n", "a: 2\n").toPlain()).isEqualTo(Map.of("a", 2L, "b", "x"));
  }

  @Test
  void removesAnInheritedKeySetToNull() {
    assertThat(merge("a: 1\nfeature_selection: {enabled: true}\n", "feature_selection: null\n").toPlain()).isEqualTo(Map.of("a", 1L));
    assertThat(merge("a: {x: 1, y: 2}\n", "a: {y: ~}\n").toPlain()).isEqualTo(Map.of("a", Map.of("x", 1L)));
  }

  @Test
  void letsTheChildReplaceAMappingWithAScalarAndBack() {
    assertThat(merge("a: {x: 1}\nb: 1\n", "a: off\nb: {y: 2}\n").toPlain()).isEqualTo(Map.of("a", false, "b", Map.of("y", 2L)));
  }

  @Test
  void keepsParentKeysFirstAndAppendsNewChildKeys() {
    YMap merged = (YMap) merge("a: 1\nb: 2\n", "c: 3\na: 4\n");

    assertThat(merged.keys()).containsExactly("a", "b", "c");
  }

  @Test
  void keepsTheLocationOfTheFileEachValueCameFrom() {
    YNode merged = merge("training:\n  data_source: {label_table: t}\n  schema: {x: 1}\n", "training:\n  schema: {x: 2}\n");

    assertThat(YPaths.locate(merged, "training.data_source.label_table")).isEqualTo(new Location("base.yaml", 2, 17));
    assertThat(YPaths.locate(merged, "training.schema.x")).isEqualTo(new Location("child.yaml", 2, 12));
  }
}
