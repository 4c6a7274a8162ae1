package io.mbt.steps.training;

import io.mbt.steps.api.SourcePinException;
import io.mbt.steps.api.SourcePins;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.connector.ConnectorErrors;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.connector.DeltaTableVersion;
import io.mbt.steps.connector.DeltaTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * load_data's source tables when the run request pins them ({@link SourcePins}): every table must
 * be pinned, still be the table that was pinned (same Delta table id), and still have the pinned
 * version in full. Never falls back to a table's current version.
 */
final class PinnedSources {
  static final String SOURCE_TABLE_IDS = "source_table_ids";

  /** The version to read of each table, and the table ids they were checked against, in the order given. */
  record Checked(Map<String, Long> versions, Map<String, String> tableIds) {}

  private PinnedSources() {}

  /**
   * @throws SourcePinException if a table is not pinned, is not a Delta table, no longer exists, was
   *     re-created, or its pinned version can no longer be read
   */
  static Checked check(SparkSession spark, List<String> tables, DataConnector connector, SourcePins pins) {
    Map<String, Long> versions = new LinkedHashMap<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (String table : tables) {
      SourcePins.Pin pin = pins.pin(table).orElseThrow(() -> ConnectorErrors.notPinned(table, pins.tables().keySet()));
      String location = locate(spark, connector, table, pin.version());
      requireSameTable(spark, table, location, pin.tableId());
      DeltaTables.requireReadable(spark, table, location, pin.version());
      versions.put(table, pin.version());
      ids.put(table, pin.tableId());
    }
    return new Checked(versions, ids);
  }

  /**
   * Checks that the tables a run recorded (by {@link #SOURCE_TABLE_IDS}) were not re-created since:
   * for a later process reading them again as of their pinned versions. Cheap: no Spark job.
   */
  static void requireSameTables(SparkSession spark, DataConnector connector, Map<String, String> tableIds, Map<String, Long> versions) {
    tableIds.forEach((table, id) -> requireSameTable(spark, table, locate(spark, connector, table, versions.getOrDefault(table, 0L)), id));
  }

  private static void requireSameTable(SparkSession spark, String table, String location, String pinnedId) {
    DeltaTableVersion now = DeltaTables.current(spark, location);
    if (!now.tableId().equals(pinnedId)) {
      throw ConnectorErrors.tableReplaced(table, location, pinnedId, now.tableId());
    }
  }

  private static String locate(SparkSession spark, DataConnector connector, String table, long version) {
    try {
      return connector.deltaLocation(spark, table).orElseThrow(() -> ConnectorErrors.notVersioned(connector.name(), table, version));
    } catch (SourcePinException e) {
      throw e;
    } catch (StepFailedException e) {
      throw ConnectorErrors.pinnedTableNotFound(table, e);
    }
  }
}
