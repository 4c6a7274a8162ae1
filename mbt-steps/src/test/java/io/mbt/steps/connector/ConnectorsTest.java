package io.mbt.steps.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsTest {
  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.session();

  @Test
  void builtInConnectorsAreInstalledByName() {
    assertThat(DataConnectors.names()).contains("local_file", "catalog", "jdbc");
    assertThat(DataConnectors.get(AdapterRef.of("catalog", Map.of()), dir)).isInstanceOf(CatalogConnector.class);
  }

  @Test
  void unknownConnectorListsTheInstalledOnes() {
    assertThatThrownBy(() -> DataConnectors.get(AdapterRef.of("snowflake", Map.of()), dir))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("unknown data connector 'snowflake'; installed connectors: [")
        .hasMessageContaining("catalog, jdbc, local_file");
  }

  @Test
  void invalidConfigNamesTheKey() {
    assertThatThrownBy(() -> DataConnectors.get(AdapterRef.of("local_file", Map.of("data_path", "d", "format", "xlsx")), dir))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("data connector 'local_file': config key 'format' must be one of [auto, csv, parquet, delta], but was: 'xlsx'");
    assertThatThrownBy(() -> DataConnectors.get(AdapterRef.of("local_file", Map.of()), dir))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("data connector 'local_file': config key 'data_path' must be set, but was: missing");
    assertThatThrownBy(() -> DataConnectors.get(AdapterRef.of("jdbc", Map.of("url", "jdbc:x", "num_partitions", 0)), dir))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("data connector 'jdbc': config key 'num_partitions' must be an integer >= 1, but was: '0'");
  }

  @Test
  void fileDataPathIsRelativeToTheProjectUnlessItIsAUri() {
    assertThat(FileConnector.resolve("./sample_data", dir)).isEqualTo(dir.resolve("sample_data").toUri().toString().replaceAll("/$", ""));
    assertThat(FileConnector.resolve("s3a://bucket/data/", dir)).isEqualTo("s3a://bucket/data");
  }

  @Test
  void fileConnectionCheckSaysWhetherTheDataPathExists() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/a.csv"), "x\n1\n");

    assertThat(DataConnectors.get(AdapterRef.of("local_file", Map.of("data_path", "data")), dir).validateConnection(spark))
        .satisfies(c -> assertThat(c.ok()).isTrue()).extracting(ConnectionCheck::detail).asString().endsWith("is readable (1 entries, format auto)");
    assertThat(DataConnectors.get(AdapterRef.of("local_file", Map.of("data_path", "nope")), dir).validateConnection(spark))
        .satisfies(c -> assertThat(c.ok()).isFalse()).extracting(ConnectionCheck::detail).asString().endsWith("does not exist; fix data_connector.config.data_path");
  }

  @Test
  void dateFilterComparesDatesTimestampsIsoTextAndYyyymmddNumbers() {
    Dataset<Row> data = spark.sql("SELECT DATE'2025-01-31' AS d, TIMESTAMP'2025-01-31 23:00:00' AS ts, '2025-01-31' AS s, 20250131 AS n"
        + " UNION ALL SELECT DATE'2025-02-01', TIMESTAMP'2025-02-01 00:00:00', '2025-02-01', 20250201");
    for (String column : List.of("d", "ts", "s", "n")) {
      ReadOptions options = ReadOptions.all().withDateFilter(new ReadOptions.DateFilter(column, LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 1)));
      assertThat(options.applyTo(data, "t", "here").count()).as(column).isEqualTo(1);
    }
    ReadOptions onBoolean = ReadOptions.all().withDateFilter(new ReadOptions.DateFilter("b", LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 1)));
    assertThatThrownBy(() -> onBoolean.applyTo(data.withColumn("b", functions.lit(true)), "t", "here"))
        .isInstanceOf(StepFailedException.class)
        .hasMessageStartingWith("partition key 'b' has type boolean; data_windows need a date, timestamp, ISO date string or yyyyMMdd integer");
  }

  @Test
  void catalogConnectorQualifiesNamesWithTheDatabaseAndListsTablesWhenOneIsMissing() {
    spark.sql("CREATE DATABASE IF NOT EXISTS mbt_connector_test");
    spark.range(4).withColumn("score", functions.col("id").multiply(0.5)).write().mode("overwrite").format("parquet")
        .saveAsTable("mbt_connector_test.scores");
    DataConnector connector = DataConnectors.get(AdapterRef.of("catalog", Map.of("database", "mbt_connector_test")), dir);

    Dataset<Row> scores = connector.read(spark, "scores", ReadOptions.columns(List.of("score")));
    assertThat(scores.columns()).containsExactly("score");
    assertThat(scores.count()).isEqualTo(4);
    assertThat(connector.validateConnection(spark).ok()).isTrue();
    assertThatThrownBy(() -> connector.read(spark, "score", ReadOptions.all()))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("table 'score' not found by the catalog connector; looked at catalog table mbt_connector_test.score. existing: scores");
  }

  /** Writes {@code rows} ids at a location under the test's directory and makes it a table of the catalog. */
  private String catalogTable(String name, String format, long rows) {
    String location = dir.resolve(name).toUri().toString();
    spark.range(rows).write().format(format).save(location);
    spark.sql("CREATE DATABASE IF NOT EXISTS mbt_catalog_versions");
    spark.sql("CREATE TABLE mbt_catalog_versions." + name + " USING " + format + " LOCATION '" + location + "'");
    return location;
  }

  @AfterEach
  void dropCatalogTables() {
    spark.sql("DROP DATABASE IF EXISTS mbt_catalog_versions CASCADE");
  }

  private DataConnector catalogVersions() {
    return DataConnectors.get(AdapterRef.of("catalog", Map.of("database", "mbt_catalog_versions")), dir);
  }

  @Test
  void catalogDeltaTableHasItsLocationAndVersionsAndReadsAnOlderOne() throws Exception {
    String location = catalogTable("events", "delta", 3);
    spark.range(10, 15).write().mode("append").insertInto("mbt_catalog_versions.events"); // version 1
    DataConnector connector = catalogVersions();

    JobCounter jobs = JobCounter.start(spark);
    java.util.Optional<String> deltaLocation = connector.deltaLocation(spark, "events");
    assertThat(jobs.stop()).as("Spark jobs of deltaLocation").isZero();

    assertThat(deltaLocation).contains(new org.apache.hadoop.fs.Path(location).toString()); // file:/..., as the catalog writes it
    assertThat(connector.currentVersion(spark, "events")).contains(1L);
    assertThat(connector.currentVersion(spark, "mbt_catalog_versions.events")).contains(1L);
    assertThat(connector.read(spark, "events", ReadOptions.all().atVersion(0)).orderBy("id").collectAsList())
        .extracting(r -> r.getLong(0)).containsExactly(0L, 1L, 2L);
    assertThat(connector.read(spark, "events", ReadOptions.columns(List.of("id")).atVersion(1)).count()).isEqualTo(8);
    assertThat(connector.read(spark, "events", ReadOptions.all()).count()).isEqualTo(8);
  }

  @Test
  void catalogParquetTableHasNoVersions() {
    catalogTable("scores", "parquet", 4);
    DataConnector connector = catalogVersions();

    assertThat(connector.deltaLocation(spark, "scores")).isEmpty();
    assertThat(connector.currentVersion(spark, "scores")).isEmpty();
    assertThat(connector.read(spark, "scores", ReadOptions.all()).count()).isEqualTo(4);
    assertThatThrownBy(() -> connector.read(spark, "scores", ReadOptions.all().atVersion(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("table 'scores' (catalog table mbt_catalog_versions.scores) is not a Delta table (provider: parquet), so it has no"
            + " versions to read");
  }

  @Test
  void catalogVersionsOfAMissingTableSayItIsNotFound() {
    catalogTable("events", "delta", 1);
    DataConnector connector = catalogVersions();

    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> connector.deltaLocation(spark, "event"), () -> connector.currentVersion(spark, "event"),
        () -> connector.read(spark, "event", ReadOptions.all().atVersion(0)))) {
      assertThatThrownBy(call)
          .isInstanceOf(StepFailedException.class)
          .hasMessage("table 'event' not found by the catalog connector; looked at catalog table mbt_catalog_versions.event. existing: events");
    }
  }

  @Test
  void catalogNamesAreQuotedPerPart() {
    assertThat(CatalogConnector.quoted(spark, "main.sales.events")).isEqualTo("`main`.`sales`.`events`");
    assertThat(CatalogConnector.quoted(spark, "`my.db`.`odd``name`")).isEqualTo("`my.db`.`odd``name`");
  }

  /** Counts the Spark jobs started between {@link #start} and {@link #stop}. */
  private static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    private SparkSession spark;

    static JobCounter start(SparkSession spark) throws java.util.concurrent.TimeoutException {
      JobCounter jobs = new JobCounter();
      jobs.spark = spark;
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().addSparkListener(jobs);
      return jobs;
    }

    int stop() throws java.util.concurrent.TimeoutException {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(this);
      return count.get();
    }

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
      count.incrementAndGet();
    }
  }

  private static final Map<String, Object> JDBC = Map.of("url", "jdbc:fake:db;password=secret", "user", "mbt", "password", "secret",
      "driver", FakeJdbcDriver.class.getName(), "schema", "sales", "fetch_size", 100);

  @Test
  void jdbcConnectorReadsPrunedColumnsThroughSparksJdbcSource() {
    DataConnector connector = DataConnectors.get(AdapterRef.of("jdbc", JDBC), dir);

    Dataset<Row> customers = connector.read(spark, "customers", ReadOptions.columns(List.of("name", "score")));

    assertThat(customers.columns()).containsExactly("name", "score");
    assertThat(customers.orderBy("name").collectAsList()).extracting(Row::toString).containsExactly("[ann,0.5]", "[bob,0.7]", "[cy,0.9]");
    assertThat(((JdbcConnector) connector).sparkOptions("customers")).containsEntry("dbtable", "sales.customers")
        .containsEntry("fetchsize", "100").containsEntry("user", "mbt");
    assertThat(connector.validateConnection(spark)).isEqualTo(ConnectionCheck.ok("connected to jdbc:fake:db;password=*** as mbt"));
  }

  @Test
  void jdbcMissingTableListsTheDatabasesTablesWithoutSecrets() {
    DataConnector connector = DataConnectors.get(AdapterRef.of("jdbc", JDBC), dir);

    assertThatThrownBy(() -> connector.read(spark, "customer", ReadOptions.all()))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("table 'customer' not found by the jdbc connector; looked at jdbc:fake:db;password=*** table sales.customer. existing: customers")
        .hasMessageNotContaining("secret");
  }

  @Test
  void jdbcConnectionCheckReportsALoginFailure() {
    Map<String, Object> wrong = new java.util.HashMap<>(JDBC);
    wrong.put("password", "wrong");

    ConnectionCheck check = DataConnectors.get(AdapterRef.of("jdbc", wrong), dir).validateConnection(spark);

    assertThat(check.ok()).isFalse();
    assertThat(check.detail()).startsWith("cannot connect to jdbc:fake:db;password=***: login failed for user mbt").doesNotContain("wrong");
  }

  @Test
  void redactsCredentialsInJdbcUrls() {
    assertThat(JdbcConnector.redact("jdbc:postgresql://u:pw@host:5432/db?password=x&ssl=true"))
        .isEqualTo("jdbc:postgresql://***@host:5432/db?password=***&ssl=true");
  }
}
