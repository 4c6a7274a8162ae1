package io.mbt.steps.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mbt.steps.testing.SharedSpark;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.storage.DelegatingLogStore;
import org.apache.spark.sql.delta.storage.LogStoreAdaptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogStoresTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({
      "file:///data/ledger,      io.delta.storage.HDFSLogStore,          false",
      "s3a://bucket/ledger,      io.delta.storage.S3SingleDriverLogStore, false",
      "s3://bucket/ledger,       io.delta.storage.S3SingleDriverLogStore, false",
      "abfss://c@acct.dfs.core.windows.net/ledger, io.delta.storage.AzureLogStore, true",
      "gs://bucket/ledger,       io.delta.storage.GCSLogStore,           true",
      "hdfs://namenode:8020/ledger, io.delta.storage.HDFSLogStore,       true"})
  void withoutLogStoreKeysDeltasDefaultForTheSchemeDecides(String table, String store, boolean safe) {
    LogStoreSafety safety = LogStores.describe(Map.of(), URI.create(table));

    assertThat(safety.logStoreClass()).isEqualTo(store);
    assertThat(safety.multiWriterSafe()).isEqualTo(safe);
    assertThat(safety.source()).isEqualTo("Delta's default for scheme " + URI.create(table).getScheme());
  }

  @Test
  void deltasDefaultsSayWhyTheyAreNotSafe() {
    assertThat(LogStores.describe(Map.of(), URI.create("file:///data/ledger")).reason())
        .isEqualTo("checks that a version is absent and then renames onto it, two steps that a local rename does not"
            + " make exclusive (it replaces an existing file)");
    assertThat(LogStores.describe(Map.of(), URI.create("s3a://bucket/ledger")).reason())
        .isEqualTo("excludes concurrent writers only within one Spark driver");
  }

  @Test
  void theSchemeKeyPicksTheStoreWithOrWithoutItsSparkPrefix() {
    LogStoreSafety local = LogStores.describe(
        Map.of("spark.delta.logStore.file.impl", ExclusiveLocalLogStore.class.getName()), URI.create("file:///data/ledger"));
    LogStoreSafety s3 = LogStores.describe(
        Map.of("delta.logStore.s3a.impl", ExclusiveS3LogStore.class.getName()), URI.create("s3a://bucket/ledger"));

    assertThat(local).isEqualTo(new LogStoreSafety(URI.create("file:///data/ledger"), "file",
        ExclusiveLocalLogStore.class.getName(), "spark.delta.logStore.file.impl", true,
        "publishes each commit with a hard link, which fails if the version exists"));
    assertThat(s3).isEqualTo(new LogStoreSafety(URI.create("s3a://bucket/ledger"), "s3a",
        ExclusiveS3LogStore.class.getName(), "delta.logStore.s3a.impl", true,
        "publishes each commit with a conditional PUT (If-None-Match: *), which fails if the version exists"));
  }

  @Test
  void theClassKeyPicksTheStoreForEveryScheme() {
    LogStoreSafety safety = LogStores.describe(
        Map.of("spark.delta.logStore.class", "io.delta.storage.LocalLogStore"), URI.create("s3a://bucket/ledger"));

    assertThat(safety.logStoreClass()).isEqualTo("io.delta.storage.LocalLogStore");
    assertThat(safety.source()).isEqualTo("spark.delta.logStore.class");
    assertThat(safety.multiWriterSafe()).isFalse();
    assertThat(safety.reason()).isEqualTo("excludes concurrent writers only within one JVM");
  }

  @Test
  void aStoreMbtDoesNotKnowIsNotTrusted() {
    LogStoreSafety safety = LogStores.describe(
        Map.of("spark.delta.logStore.file.impl", "com.example.MyLogStore"), URI.create("file:///data/ledger"));

    assertThat(safety.multiWriterSafe()).isFalse();
    assertThat(safety.reason()).isEqualTo("is not known to MBT to exclude concurrent writers across processes");
  }

  @Test
  void hdfsLogStoreIsSafeOnlyOnHdfs() {
    Map<String, String> conf = Map.of("spark.delta.logStore.class", "io.delta.storage.HDFSLogStore");

    assertThat(LogStores.describe(conf, URI.create("hdfs://nn/ledger")).multiWriterSafe()).isTrue();
    assertThat(LogStores.describe(conf, URI.create("viewfs://cluster/ledger")).reason())
        .isEqualTo("checks that a version is absent and then renames onto it, two steps that are exclusive only on HDFS");
  }

  @Test
  void aTableWithoutSchemeIsOnTheDefaultFileSystem() {
    assertThat(LogStores.describe(Map.of(), URI.create("/data/ledger")).table()).isEqualTo(URI.create("file:/data/ledger"));
    LogStoreSafety onHdfs = LogStores.describe(Map.of("spark.hadoop.fs.defaultFS", "hdfs://nn:8020"), URI.create("/data/ledger"));
    assertThat(onHdfs.table()).isEqualTo(URI.create("hdfs:/data/ledger"));
    assertThat(onHdfs.multiWriterSafe()).isTrue();
  }

  @Test
  void schemesAreCaseInsensitiveAsInDelta() {
    LogStoreSafety safety = LogStores.describe(
        Map.of("spark.delta.logStore.s3a.impl", ExclusiveS3LogStore.class.getName()), URI.create("S3A://bucket/ledger"));

    assertThat(safety.scheme()).isEqualTo("s3a");
    assertThat(safety.multiWriterSafe()).isTrue();
  }

  @Test
  void refusesKeysThatDeltaRefusesTogether() {
    assertThatThrownBy(() -> LogStores.describe(Map.of("spark.delta.logStore.class", "io.delta.storage.HDFSLogStore",
            "spark.delta.logStore.gs.impl", "io.delta.storage.GCSLogStore"), URI.create("file:///data/ledger")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conflicting Delta LogStore settings: spark.delta.logStore.class and spark.delta.logStore.gs.impl are"
            + " both set, and Delta refuses that combination. Keep only the spark.delta.logStore.<scheme>.impl keys (or"
            + " only one spelling of a key)");
    assertThatThrownBy(() -> LogStores.describe(Map.of("spark.delta.logStore.file.impl", ExclusiveLocalLogStore.class.getName(),
            "delta.logStore.file.impl", "io.delta.storage.HDFSLogStore"), URI.create("file:///data/ledger")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("conflicting Delta LogStore settings: spark.delta.logStore.file.impl and delta.logStore.file.impl");
  }

  @Test
  void aMalformedTableUriSaysHowToWriteIt() {
    assertThatThrownBy(() -> LogStores.describe(SharedSpark.session(), "s3a://bucket/led ger"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid table URI 's3a://bucket/led ger': Illegal character in path at index 16:"
            + " s3a://bucket/led ger. Write it as scheme://authority/path, e.g. file:///data/ledger or s3a://bucket/ledger");
  }

  @Test
  void requiringMultiWriterSafetyNamesTheStoreTheReasonAndTheFix() {
    LogStoreSafety s3Default = LogStores.describe(Map.of(), URI.create("s3a://bucket/ledger"));
    LogStoreSafety gcs = LogStores.describe(Map.of(), URI.create("gs://bucket/ledger"));
    LogStoreSafety unknownScheme = LogStores.describe(Map.of(), URI.create("oss://bucket/ledger"));

    assertThatCode(() -> gcs.requireMultiWriterSafe("the ledger")).doesNotThrowAnyException();
    assertThatThrownBy(() -> s3Default.requireMultiWriterSafe("the Model Factory ledger"))
        .isInstanceOf(UnsafeLogStoreException.class)
        .hasMessage("the Model Factory ledger s3a://bucket/ledger is written through the Delta LogStore"
            + " io.delta.storage.S3SingleDriverLogStore (Delta's default for scheme s3a), which excludes concurrent"
            + " writers only within one Spark driver: two processes committing at once can both write the same"
            + " version and one commit is lost. Set spark.delta.logStore.s3a.impl=io.mbt.steps.delta.ExclusiveS3LogStore"
            + " when the Spark session starts (spark-submit --conf, or the target's spark: section), or declare"
            + " single_writer: true if only one process ever writes it")
        .extracting(e -> ((UnsafeLogStoreException) e).safety()).isEqualTo(s3Default);
    assertThatThrownBy(() -> unknownScheme.requireMultiWriterSafe("the ledger"))
        .hasMessageContaining("Set spark.delta.logStore.oss.impl to a LogStore with put-if-absent commits for oss when");
  }

  @Test
  void theEmbeddedSessionsLocalTablesAreMultiWriterSafe() {
    LogStoreSafety safety = LogStores.describe(SharedSpark.session(), tmp.resolve("ledger").toUri().toString());

    assertThat(safety.logStoreClass()).isEqualTo(ExclusiveLocalLogStore.class.getName());
    assertThat(safety.source()).isEqualTo("spark.delta.logStore.file.impl");
    assertThat(safety.multiWriterSafe()).isTrue();
  }

  /** The resolution above is Delta's own: its DelegatingLogStore picks the same class per scheme. */
  @ParameterizedTest
  @CsvSource({"file:///data/t", "s3a://bucket/t", "gs://bucket/t", "abfss://c@acct.dfs.core.windows.net/t", "hdfs://nn/t"})
  void agreesWithDeltasDelegatingLogStore(String table) {
    SparkSession spark = SharedSpark.session();
    DelegatingLogStore delta = new DelegatingLogStore(spark.sessionState().newHadoopConf());

    Object chosen = ((LogStoreAdaptor) delta.getDelegate(new org.apache.hadoop.fs.Path(table))).logStoreImpl();

    assertThat(LogStores.describe(spark, table).logStoreClass()).isEqualTo(chosen.getClass().getName());
  }

  @Test
  void theS3StoreIsNamedWithoutLoadingItsClass() {
    assertThat(KnownLogStores.EXCLUSIVE_S3).isEqualTo(ExclusiveS3LogStore.class.getName());
  }

  @Test
  void exclusiveStoresAreNamedPerScheme() {
    assertThat(LogStores.exclusiveLogStore("file")).contains(ExclusiveLocalLogStore.class.getName());
    assertThat(LogStores.exclusiveLogStore("S3A")).contains(ExclusiveS3LogStore.class.getName());
    assertThat(LogStores.exclusiveLogStore("hdfs")).contains("io.delta.storage.HDFSLogStore");
    assertThat(LogStores.exclusiveLogStore("gs")).contains("io.delta.storage.GCSLogStore");
    assertThat(LogStores.exclusiveLogStore("abfss")).contains("io.delta.storage.AzureLogStore");
    assertThat(LogStores.exclusiveLogStore("oss")).isEmpty();
    assertThat(LogStores.schemeKey("S3A")).isEqualTo("spark.delta.logStore.s3a.impl");
  }
}
