package io.mbt.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.JoinType;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.connector.DeltaTables;
import io.mbt.steps.testing.DeltaFixtures;
import io.mbt.steps.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load_data when the run request pins its sources (the Model Factory's TRAIN). */
class LoadDataPinnedSourcesTest {
  @TempDir Path dir;

  private StepHarness.Spec load(StepHarness h, String... tables) {
    return load(h, AdapterRef.of("local_file", Map.of("data_path", "./data")), tables);
  }

  private StepHarness.Spec load(StepHarness h, AdapterRef connector, String... tables) {
    List<FeatureTable> features = java.util.Arrays.stream(tables)
        .map(t -> new FeatureTable(t, List.of(), JoinType.INNER, false, List.of())).toList();
    return h.step("load_data", LoadDataStep.class)
        .config("tables", features)
        .config("label_table", tables[0])
        .config("connector", connector)
        .config("columns", List.of())
        .config("column_types", Map.of())
        .outputs(java.util.Arrays.stream(tables).map(t -> tables.length == 1 ? "raw_data" : "raw_" + t).toArray(String[]::new));
  }

  private Path table(String name) {
    return dir.resolve("data").resolve(name);
  }

  private void write(StepHarness h, String name, int rows, String mode) {
    h.spark().range(rows).write().format("delta").mode(mode).save(table(name).toString());
  }

  private SourcePins pin(StepHarness h, String name, long version) {
    String id = DeltaTables.current(h.spark(), table(name).toString()).tableId();
    return SourcePins.of(Map.of(name, new SourcePins.Pin(version, id)));
  }

  @Test
  void readsEachTableAsOfItsPinnedVersionAndRecordsItsTableId() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    SourcePins pins = pin(h, "events", 0);
    write(h, "events", 5, "append"); // version 1: newer than the pin

    StepHarness.StepRun run = load(h, "events").sourcePins(pins).run("r1");

    assertThat(run.table("raw_data").count()).isEqualTo(10);
    assertThat(run.details()).containsEntry("source_versions", Map.of("events", 0L))
        .containsEntry("source_table_ids", Map.of("events", pins.tables().get("events").tableId()));
  }

  @Test
  void readsACatalogDeltaTableAsOfItsPinnedVersion() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    h.spark().sql("CREATE DATABASE IF NOT EXISTS mbt_pinned_catalog");
    try {
      h.spark().sql("CREATE TABLE mbt_pinned_catalog.events USING delta LOCATION '" + location("events") + "'");
      SourcePins pins = pin(h, "events", 0);
      h.spark().range(5).write().mode("append").insertInto("mbt_pinned_catalog.events"); // version 1: newer than the pin

      StepHarness.StepRun run = load(h, AdapterRef.of("catalog", Map.of("database", "mbt_pinned_catalog")), "events").sourcePins(pins).run("r1");

      assertThat(run.table("raw_data").count()).isEqualTo(10);
      assertThat(run.details()).containsEntry("source_versions", Map.of("events", 0L))
          .containsEntry("source_table_ids", Map.of("events", pins.tables().get("events").tableId()));
    } finally {
      h.spark().sql("DROP DATABASE IF EXISTS mbt_pinned_catalog CASCADE");
    }
  }

  @Test
  void refusesATableTheRequestDidNotPin() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    write(h, "people", 3, "overwrite");
    SourcePins pins = pin(h, "events", 0);

    assertThatThrownBy(() -> load(h, "events", "people").sourcePins(pins).run("r1"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> {
          assertThat(e.code()).isEqualTo(SourcePinException.Code.NOT_PINNED);
          assertThat(e.table()).isEqualTo("people");
        })
        .hasMessage("table 'people' is not pinned by the request; pin it with `mbt dataset pin` (pinned tables: events)");
  }

  @Test
  void refusesATableDroppedAndRecreatedSinceItWasPinned() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    SourcePins pins = pin(h, "events", 0);
    DeltaFixtures.drop(table("events"));
    write(h, "events", 10, "overwrite");
    String newId = DeltaTables.current(h.spark(), table("events").toString()).tableId();

    assertThatThrownBy(() -> load(h, "events").sourcePins(pins).run("r1"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.TABLE_REPLACED))
        .hasMessage("table 'events' (" + location("events") + ") was dropped and re-created since it was pinned: expected Delta table id "
            + pins.tables().get("events").tableId() + ", found " + newId);
  }

  @Test
  void refusesAPinnedVersionWhoseFilesWereVacuumed() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    SourcePins pins = pin(h, "events", 0);
    write(h, "events", 4, "overwrite");
    DeltaFixtures.vacuumEverythingUnused(h.spark(), table("events"));

    assertThatThrownBy(() -> load(h, "events").sourcePins(pins).run("r1"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.VERSION_NOT_FOUND))
        .hasMessageStartingWith("pinned version 0 of table 'events' (" + location("events") + ") no longer exists: ")
        .hasMessageContaining("data files were removed (by VACUUM)");
  }

  @Test
  void refusesToPinASourceThatIsNotADeltaTable() throws Exception {
    StepHarness h = StepHarness.in(dir);
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/events.csv"), "id\n1\n");

    assertThatThrownBy(() -> load(h, "events").sourcePins(SourcePins.of(Map.of("events", new SourcePins.Pin(0, "some-id")))).run("r1"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.NOT_VERSIONED))
        .hasMessage("table 'events' is pinned to Delta version 0, but the local_file connector does not read it as a Delta table, so it has"
            + " no versions to read");
  }

  @Test
  void refusesAPinnedTableThatNoLongerExists() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    SourcePins pins = pin(h, "events", 0);
    DeltaFixtures.drop(table("events"));

    assertThatThrownBy(() -> load(h, "events").sourcePins(pins).run("r1"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.TABLE_NOT_FOUND))
        .hasMessageStartingWith("pinned table 'events' not found by the local_file connector; looked at ");
  }

  @Test
  void aLaterReadOfThePinnedTablesRefusesATableRecreatedSinceTheRun() {
    StepHarness h = StepHarness.in(dir);
    write(h, "events", 10, "overwrite");
    StepHarness.StepRun run = load(h, "events").sourcePins(pin(h, "events", 0)).run("r1");
    DeltaFixtures.drop(table("events"));
    write(h, "events", 10, "overwrite"); // version 0 again, of another table

    assertThatThrownBy(() -> run.table("raw_data"))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.TABLE_REPLACED))
        .hasMessageContaining("was dropped and re-created since it was pinned");
  }

  private String location(String name) {
    return table(name).toUri().toString().replaceAll("/$", "");
  }
}
