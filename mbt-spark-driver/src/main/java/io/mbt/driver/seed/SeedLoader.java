package io.mbt.driver.seed;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.connector.DataConnectors;
import io.mbt.steps.secrets.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code mbt seed}: loads the project's CSV seeds ({@code seed_paths}, as dbt does) into Delta
 * tables where the target's data connector reads them, one table per file, named after it. A seed
 * whose file did not change since it was last loaded is left alone (the file's digest is kept in
 * the commit's user metadata), so seeding twice makes no new version — and pinned versions stay
 * what they were. A changed seed becomes a new version of the table; old versions remain readable.
 */
public final class SeedLoader {
  private static final String METADATA_PREFIX = "mbt-seed ";

  private final SparkSession spark;
  private final Path projectDir;

  public SeedLoader(SparkSession spark, Path projectDir) {
    this.spark = requireNonNull(spark, "spark is null");
    this.projectDir = requireNonNull(projectDir, "projectDir is null");
  }

  /** What happened to one seed. */
  public record Seeded(String table, String location, long version, Optional<Long> rows, boolean unchanged) {}

  /** A seed file: {@code <dir>/<table>.csv}. */
  public record Seed(String table, Path file) {}

  /** The CSV files under {@code seedDirs}, by table name, sorted; {@code select} keeps only those named (all if empty). */
  public static List<Seed> find(List<Path> seedDirs, List<String> select) {
    List<Seed> seeds = new ArrayList<>();
    for (Path dir : seedDirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().forEach(f -> {
          String name = f.getFileName().toString();
          seeds.add(new Seed(name.substring(0, name.length() - 4), f));
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list seeds in " + dir + ": " + e.getMessage(), e);
      }
    }
    List<String> names = seeds.stream().map(Seed::table).toList();
    List<String> unknown = select.stream().filter(s -> !names.contains(s)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no seed named " + unknown + "; seeds are the *.csv files in " + seedDirs + (names.isEmpty() ? " (none found)"
          : ": " + names));
    }
    return seeds.stream().filter(s -> select.isEmpty() || select.contains(s.table())).toList();
  }

  /**
   * Loads {@code seed} into the table the target's connector names.
   *
   * @param fullRefresh replace the table's schema too (a column changed type or went away)
   * @throws IllegalArgumentException if the target's connector does not read Delta tables at locations
   */
  public Seeded load(Seed seed, TargetConfig target, boolean fullRefresh) {
    DataConnector connector = connector(target);
    String location = connector.deltaTableLocation(seed.table()).orElseThrow(() -> new IllegalArgumentException("target " + target.name()
        + "'s data connector '" + connector.name() + "' does not keep Delta tables at a location, so seed " + seed.table()
        + " has nowhere to go; seed a target whose data_connector is local_file with format: delta"));
    String digest = sha256(seed.file());
    String metadata = METADATA_PREFIX + digest;
    boolean exists = DeltaTable.isDeltaTable(spark, location);
    if (exists && !fullRefresh) {
      Row last = DeltaTable.forPath(spark, location).history(1).select("version", "userMetadata").head();
      if (metadata.equals(last.getString(1))) {
        return new Seeded(seed.table(), location, last.getLong(0), Optional.empty(), true);
      }
    }
    Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true").csv(seed.file().toUri().toString());
    rows.write().format("delta").mode("overwrite").option("userMetadata", metadata).option("overwriteSchema", String.valueOf(fullRefresh))
        .save(location);
    DeltaTable table = DeltaTable.forPath(spark, location);
    long version = table.history(1).select("version").head().getLong(0);
    long count = table.toDF().count();
    return new Seeded(seed.table(), location, version, Optional.of(count), false);
  }

  private DataConnector connector(TargetConfig target) {
    AdapterRef ref = target.dataConnector();
    SecretResolver secrets = SecretResolver.forProvider(target.secrets().type(), target.secrets().config());
    return DataConnectors.get(AdapterRef.of(ref.type(), secrets.resolveMap(ref.config())), projectDir);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
