package io.mbt.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {
  private static final String FILE = "pipelines/p.yaml";

  @Test
  void remembersLineAndColumnOfKeysAndValues() {
    YMap root = (YMap) YamlReader.read("schema_version: 1\nproject:\n  name: churn\n", FILE);

    assertThat(root.entries().get("project").keyLocation()).isEqualTo(new Location(FILE, 2, 1));
    YMap project = (YMap) root.get("project").orElseThrow();
    assertThat(project.entries().get("name").keyLocation()).isEqualTo(new Location(FILE, 3, 3));
    assertThat(project.get("name").orElseThrow().location()).isEqualTo(new Location(FILE, 3, 9));
    assertThat(YPaths.locate(root, "project.name")).isEqualTo(new Location(FILE, 3, 3));
    assertThat(YPaths.locate(root, "project.owner")).isEqualTo(new Location(FILE, 2, 1));
  }

  @Test
  void reportsSyntaxErrorsWithFileLineAndColumn() {
    String yaml = "schema_version: 1\nproject:\n  name: bad\n  problem_type: [binary\ntraining: {}\n";

    assertThatThrownBy(() -> YamlReader.read(yaml, FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":5:9: error[MBT101]: invalid YAML: expected ',' or ']', but got :")
        .hasMessageContaining("hint: check indentation");
  }

  @Test
  void reportsBadIndentationAtTheOffendingLine() {
    assertThatThrownBy(() -> YamlReader.read("project:\n  name: x\n   owner: y\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":3:9: error[MBT101]: invalid YAML: mapping values are not allowed here");
  }

  @Test
  void explainsTabsUsedForIndentation() {
    assertThatThrownBy(() -> YamlReader.read("project:\n\tname: x\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":2:1: error[MBT101]: invalid YAML: found character '\\t(TAB)' that cannot start any token");
  }

  @Test
  void reportsEveryDuplicateKeyWithBothPositions() {
    CompileException e = catchThrowableOfType(CompileException.class,
        () -> YamlReader.read("project:\n  name: a\n  owner: x\n  name: b\ntraining: 1\ntraining: 2\n", FILE));

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems()).allMatch(p -> p.code() == ErrorCode.DUPLICATE_KEY);
    assertThat(e.getMessage())
        .contains(FILE + ":4:3: error[MBT102]: duplicate key 'name' (first defined at line 2)")
        .contains(FILE + ":6:1: error[MBT102]: duplicate key 'training' (first defined at line 5)");
  }

  @Test
  void rejectsMoreThanOneDocument() {
    assertThatThrownBy(() -> YamlReader.read("a: 1\n---\nb: 2\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":3:1: error[MBT101]: file holds 2 YAML documents; expected exactly one");
  }

  @Test
  void readsAnEmptyDocumentAsAnEmptyMapping() {
    assertThat(YamlReader.read("# only a comment\n", FILE)).isEqualTo(YMap.empty(new Location(FILE, 1, 1)));
  }

  @Test
  void keepsScalarTextAsWrittenAndRecordsItsYamlType() {
    YMap root = (YMap) YamlReader.read("a: Yes\nb: 007\nc: 1.5\nd: ~\ne: 'text'\n", FILE);

    assertThat(root.get("a").orElseThrow()).isEqualTo(new YScalar(new Location(FILE, 1, 4), "Yes", YScalar.Kind.BOOL));
    assertThat(((YScalar) root.get("b").orElseThrow()).kind()).isEqualTo(YScalar.Kind.INT);
    assertThat(((YScalar) root.get("c").orElseThrow()).kind()).isEqualTo(YScalar.Kind.FLOAT);
    assertThat(((YScalar) root.get("d").orElseThrow()).isNull()).isTrue();
    assertThat(((YScalar) root.get("e").orElseThrow()).kind()).isEqualTo(YScalar.Kind.STRING);
  }

  @Test
  void expandsAliasesAndMergeKeys() {
    YNode root = YamlReader.read("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: *b\n", FILE);

    assertThat(root.toPlain()).isEqualTo(Map.of("base", Map.of("x", 1L, "y", 2L), "c", Map.of("x", 1L, "y", 3L), "d", Map.of("x", 1L, "y", 2L)));
  }

  @Test
  void rejectsAnAliasThatContainsItself() {
    assertThatThrownBy(() -> YamlReader.read("a: &x [1, *x]\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":1:4: error[MBT101]: recursive YAML alias: this anchor contains itself");
  }

  @Test
  void stopsAnAliasBombQuickly() {
    // Nine levels of nine aliases: 414 bytes that would expand to 9^9 values.
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }

    long start = System.nanoTime();
    assertThatThrownBy(() -> YamlReader.read(bomb.toString(), FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageContaining("error[MBT101]: YAML aliases expand to more than")
        .hasMessageContaining("anchors and aliases nest too deeply");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void allowsModestReuseOfAnchors() {
    String yaml = "common: &c {a: 1, b: 2, c: [1, 2, 3]}\nlist: [" + String.join(", ", java.util.Collections.nCopies(90, "*c")) + "]\n";

    assertThat(((List<?>) ((Map<?, ?>) YamlReader.read(yaml, FILE).toPlain()).get("list"))).hasSize(90);
  }

  @Test
  void rejectsNestingDeeperThanTheLimit() {
    assertThatThrownBy(() -> YamlReader.read("[".repeat(5000) + "]".repeat(5000), FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ": error[MBT101]: invalid YAML: Nesting Depth exceeded max 200");
  }

  @Test
  void keepsIncludeDirectivesForTheResolver() {
    YMap root = (YMap) YamlReader.read("schema: !include includes/schema.yaml\n", FILE);

    assertThat(root.get("schema").orElseThrow()).isEqualTo(new YInclude(new Location(FILE, 1, 9), "includes/schema.yaml"));
  }

  @Test
  void rejectsAnIncludeWithoutAPath() {
    assertThatThrownBy(() -> YamlReader.read("schema: !include\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":1:9: error[MBT103]: !include needs a file path");
  }

  @Test
  void rejectsAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("p.yaml"), new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

    assertThatThrownBy(() -> YamlReader.readFile(file, FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ": error[MBT003]: file is not valid UTF-8 text")
        .hasMessageContaining("hint: save the file as UTF-8");
  }

  @Test
  void reportsAMissingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> YamlReader.readFile(dir.resolve("nope.yaml"), FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ": error[MBT002]: file not found");
  }

  @Test
  void rejectsMappingsUsedAsKeys() {
    assertThatThrownBy(() -> YamlReader.read("? {a: 1}\n: 2\n", FILE))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(FILE + ":1:3: error[MBT205]: mapping keys must be plain strings, found a mapping used as a key");
  }
}
