package io.mbt.steps.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.testing.DeltaFixtures;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTablesTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  private String write(Path table, int rows, int files, String mode) {
    spark.range(0, rows, 1, files).write().format("delta").mode(mode).save(table.toString());
    return table.toString();
  }

  @Test
  void currentIsTheNewestVersionAndTheTableIdWhichARecreatedTableChanges() {
    Path table = dir.resolve("events");
    String location = write(table, 10, 1, "overwrite");
    write(table, 10, 1, "append");

    DeltaTableVersion current = DeltaTables.current(spark, location);
    assertThat(current.version()).isEqualTo(1);
    assertThat(current.location()).isEqualTo(location);
    assertThat(current.tableId()).isEqualTo(DeltaTable.forPath(spark, location).detail().select("id").head().getString(0));
    assertThat(DeltaTables.currentVersion(spark, location)).isEqualTo(1);

    DeltaFixtures.drop(table);
    write(table, 10, 1, "overwrite");
    DeltaTableVersion recreated = DeltaTables.current(spark, location);
    assertThat(recreated.version()).isZero();
    assertThat(recreated.tableId()).isNotEqualTo(current.tableId());
  }

  @Test
  void aLocationWithoutADeltaTableIsNamed() {
    String location = dir.resolve("nothing").toString();
    assertThatThrownBy(() -> DeltaTables.current(spark, location))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no Delta table at " + location + " (")
        .hasMessageEndingWith("); give the directory that holds _delta_log");
  }

  @Test
  void theFilesDigestNamesAVersionsFilesAndChangesWithThem() {
    Path table = dir.resolve("events");
    String location = write(table, 10, 2, "overwrite");
    write(table, 10, 1, "append");

    String v0 = DeltaTables.filesDigest(spark, location, 0);
    assertThat(v0).matches("sha256:[0-9a-f]{64}");
    assertThat(DeltaTables.filesDigest(spark, location, 0)).as("the same version").isEqualTo(v0);
    assertThat(DeltaTables.filesDigest(spark, location, 1)).as("a file more").isNotEqualTo(v0);
  }

  @Test
  void theFilesDigestChangesWhenRowsAreDeletedInPlace() {
    Path table = dir.resolve("events");
    spark.range(0, 10, 1, 1).write().format("delta").option("delta.enableDeletionVectors", "true").save(table.toString());
    DeltaTable.forPath(spark, table.toString()).delete("id = 3");

    assertThat(DeltaTables.filesDigest(spark, table.toString(), 1)).as("same file, a deletion vector more")
        .isNotEqualTo(DeltaTables.filesDigest(spark, table.toString(), 0));
  }

  @Test
  void anOlderVersionWithAllItsFilesIsReadable() {
    Path table = dir.resolve("events");
    String location = write(table, 10, 1, "overwrite");
    write(table, 10, 1, "overwrite"); // version 0's file is no longer used, but still there

    DeltaTables.requireReadable(spark, "events", location, 0);
    DeltaTables.requireReadable(spark, "events", location, 1);
  }

  @Test
  void aVersionWhoseFilesWereVacuumedIsNotFound() throws Exception {
    Path table = dir.resolve("events");
    String location = write(table, 10, 2, "overwrite");
    write(table, 10, 1, "overwrite");
    DeltaFixtures.vacuumEverythingUnused(spark, table);

    assertThatThrownBy(() -> DeltaTables.requireReadable(spark, "events", location, 0))
        .isInstanceOfSatisfying(SourcePinException.class, e -> {
          assertThat(e.code()).isEqualTo(SourcePinException.Code.VERSION_NOT_FOUND);
          assertThat(e.table()).isEqualTo("events");
          assertThat(e.hint()).startsWith("VACUUM removes files older than delta.deletedFileRetentionDuration; pin a version that can be read");
        })
        .hasMessageStartingWith("pinned version 0 of table 'events' (" + location + ") no longer exists: 2 of its 2 data files were removed"
            + " (by VACUUM), e.g. part-")
        .hasMessageEndingWith(".parquet");
  }

  @Test
  void aVersionOfManyVacuumedFilesIsFoundWithOneListing() {
    Path table = dir.resolve("events");
    String location = write(table, 100, 70, "overwrite"); // more files than are looked up one by one
    write(table, 10, 1, "append");
    write(table, 10, 1, "overwrite");
    DeltaFixtures.vacuumEverythingUnused(spark, table);

    assertThatThrownBy(() -> DeltaTables.requireReadable(spark, "events", location, 1))
        .isInstanceOf(SourcePinException.class)
        .hasMessageContaining("no longer exists: 71 of its 71 data files were removed (by VACUUM), e.g. part-");
  }

  @Test
  void aVersionWhoseLogWasCleanedUpIsNotFound() {
    Path table = dir.resolve("events");
    spark.range(5).write().format("delta").option("delta.checkpointInterval", "1").save(table.toString());
    write(table, 5, 1, "append");
    DeltaFixtures.cleanUpLogBefore(table, 1);

    assertThatThrownBy(() -> DeltaTables.requireReadable(spark, "events", table.toString(), 0))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.VERSION_NOT_FOUND))
        .hasMessage("pinned version 0 of table 'events' (" + table + ") no longer exists: Cannot time travel Delta table to version 0."
            + " Available versions: [1, 1].");
    assertThatThrownBy(() -> DeltaTables.filesDigest(spark, table.toString(), 0))
        .isInstanceOf(SourcePinException.class)
        .hasMessageStartingWith("pinned version 0 of table '" + table + "' (" + table + ") no longer exists: Cannot time travel");
  }

  @Test
  void aVersionNewerThanTheTableIsNotFound() {
    String location = write(dir.resolve("events"), 5, 1, "overwrite");

    assertThatThrownBy(() -> DeltaTables.requireReadable(spark, "events", location, 3))
        .isInstanceOfSatisfying(SourcePinException.class, e -> assertThat(e.code()).isEqualTo(SourcePinException.Code.VERSION_NOT_FOUND))
        .hasMessageEndingWith("no longer exists: Cannot time travel Delta table to version 3. Available versions: [0, 0].");
  }

  @Test
  void theFileConnectorLocatesDeltaTablesOnly() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    write(data.resolve("events"), 5, 1, "overwrite");
    Files.writeString(data.resolve("people.csv"), "id\n1\n");
    DataConnector connector = DataConnectors.get(AdapterRef.of("local_file", Map.of("data_path", "./data")), dir);

    assertThat(connector.deltaLocation(spark, "events")).hasValue(data.resolve("events").toUri().toString().replaceAll("/$", ""));
    assertThat(connector.deltaLocation(spark, "people")).isEmpty();
    assertThat(connector.currentVersion(spark, "events")).hasValue(0L);
  }
}
