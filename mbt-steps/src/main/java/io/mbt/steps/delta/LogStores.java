package io.mbt.steps.delta;

import static java.util.Objects.requireNonNull;

import io.mbt.steps.StepsErrors;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Tells which Delta {@code LogStore} serves a table and whether it is safe for several writing
 * processes ({@link LogStoreSafety}).
 *
 * <p>The store is resolved as Delta 3.3 resolves it, from the SparkContext's configuration (fixed
 * when the session starts): {@code spark.delta.logStore.class} (or {@code delta.logStore.class}) for
 * every scheme; else {@code spark.delta.logStore.<scheme>.impl} (or {@code
 * delta.logStore.<scheme>.impl}); else Delta's default for the scheme ({@code S3SingleDriverLogStore}
 * for s3/s3a/s3n, {@code AzureLogStore} for abfs/abfss/adl/wasb/wasbs, {@code GCSLogStore} for gs,
 * {@code HDFSLogStore} otherwise, {@code file} included).
 *
 * <p>Multi-writer safe: MBT's {@link ExclusiveLocalLogStore} and {@link ExclusiveS3LogStore};
 * {@code HDFSLogStore} on {@code hdfs://}; Delta's Azure, GCS and S3-DynamoDB stores. Not safe:
 * Delta's defaults for {@code file://} ({@code HDFSLogStore} on local files) and S3 ({@code
 * S3SingleDriverLogStore}), {@code LocalLogStore}, and any store MBT does not know.
 */
public final class LogStores {
  /** The Spark key that picks the LogStore for {@code scheme}. */
  public static String schemeKey(String scheme) {
    return "spark.delta.logStore." + scheme.toLowerCase(Locale.ROOT) + ".impl";
  }

  static final String CLASS_KEY = "spark.delta.logStore.class";

  /**
   * A LogStore that excludes concurrent writers on {@code scheme}: MBT's for {@code file} and
   * s3/s3a/s3n, Delta's {@code HDFSLogStore} for {@code hdfs}, Delta's defaults for Azure and GCS
   * schemes; empty for other schemes.
   */
  public static Optional<String> exclusiveLogStore(String scheme) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (lower.equals("file")) {
      return Optional.of(ExclusiveLocalLogStore.class.getName());
    }
    if (Set.of("s3", "s3a", "s3n").contains(lower)) {
      return Optional.of(KnownLogStores.EXCLUSIVE_S3);
    }
    String deltaDefault = lower.equals("hdfs") ? KnownLogStores.HDFS : KnownLogStores.deltaDefault(lower);
    return KnownLogStores.verdict(deltaDefault, lower).multiWriterSafe() ? Optional.of(deltaDefault) : Optional.empty();
  }

  private LogStores() {}

  /**
   * The LogStore that {@code spark}'s Delta uses for {@code tableUri}. A URI without a scheme is on
   * the session's default file system ({@code fs.defaultFS}).
   *
   * @throws IllegalArgumentException if {@code tableUri} is not a URI, or the session's LogStore keys
   *     conflict (Delta refuses them too)
   */
  public static LogStoreSafety describe(SparkSession spark, String tableUri) {
    requireNonNull(spark, "spark is null");
    requireNonNull(tableUri, "tableUri is null");
    Map<String, String> conf = new HashMap<>();
    for (Tuple2<String, String> entry : spark.sparkContext().getConf().getAll()) {
      conf.put(entry._1(), entry._2());
    }
    String defaultScheme = FileSystem.getDefaultUri(spark.sparkContext().hadoopConfiguration()).getScheme();
    return describe(conf, defaultScheme, uri(tableUri));
  }

  /**
   * The LogStore that a Spark application with configuration {@code sparkConf} uses for {@code
   * table}. A URI without a scheme is on {@code spark.hadoop.fs.defaultFS}, else on {@code file}.
   *
   * @throws IllegalArgumentException if the LogStore keys of {@code sparkConf} conflict (Delta refuses
   *     them too)
   */
  public static LogStoreSafety describe(Map<String, String> sparkConf, URI table) {
    requireNonNull(sparkConf, "sparkConf is null");
    requireNonNull(table, "table is null");
    String defaultFs = sparkConf.get("spark.hadoop.fs.defaultFS");
    String defaultScheme = defaultFs == null ? null : URI.create(defaultFs).getScheme();
    return describe(sparkConf, defaultScheme == null ? "file" : defaultScheme, table);
  }

  private static LogStoreSafety describe(Map<String, String> conf, String defaultScheme, URI table) {
    URI qualified = table;
    if (table.getScheme() == null) {
      qualified = URI.create(defaultScheme + ":" + table.getRawSchemeSpecificPart());
    }
    String scheme = qualified.getScheme().toLowerCase(Locale.ROOT);
    Optional<Choice> classChoice = prefixedValue(conf, CLASS_KEY);
    Optional<Choice> schemeChoice = prefixedValue(conf, schemeKey(scheme));
    if (classChoice.isPresent()) {
      // Delta refuses a class key next to any scheme key, whichever scheme it names.
      Optional<String> anySchemeKey = conf.keySet().stream()
          .filter(k -> (k.startsWith("spark.delta.logStore.") || k.startsWith("delta.logStore.")) && k.endsWith(".impl"))
          .sorted().findFirst();
      if (anySchemeKey.isPresent()) {
        throw StepsErrors.conflictingLogStoreKeys(classChoice.get().key(), anySchemeKey.get());
      }
    }
    Choice choice;
    if (classChoice.isPresent() && !classChoice.get().value().equals(KnownLogStores.DELEGATING)) {
      choice = classChoice.get();
    } else {
      choice = schemeChoice.orElse(new Choice("Delta's default for scheme " + scheme, KnownLogStores.deltaDefault(scheme)));
    }
    KnownLogStores.Verdict verdict = KnownLogStores.verdict(choice.value(), scheme);
    return new LogStoreSafety(qualified, scheme, choice.value(), choice.key(), verdict.multiWriterSafe(), verdict.reason());
  }

  private record Choice(String key, String value) {}

  /** Delta reads each key with and without its {@code spark.} prefix; the prefixed one first. */
  private static Optional<Choice> prefixedValue(Map<String, String> conf, String key) {
    String unprefixed = key.substring("spark.".length());
    if (conf.containsKey(key) && conf.containsKey(unprefixed) && !conf.get(key).trim().equals(conf.get(unprefixed).trim())) {
      throw StepsErrors.conflictingLogStoreKeys(key, unprefixed);
    }
    if (conf.containsKey(key)) {
      return Optional.of(new Choice(key, conf.get(key).trim()));
    }
    if (conf.containsKey(unprefixed)) {
      return Optional.of(new Choice(unprefixed, conf.get(unprefixed).trim()));
    }
    return Optional.empty();
  }

  private static URI uri(String tableUri) {
    try {
      return new URI(tableUri);
    } catch (java.net.URISyntaxException e) {
      throw StepsErrors.invalidTableUri(tableUri, e.getMessage());
    }
  }
}
