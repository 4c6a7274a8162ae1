package io.mbt.compiler.spi.builtin;

import static io.mbt.compiler.spi.ParamSpec.Type.ANY;
import static io.mbt.compiler.spi.ParamSpec.Type.BOOLEAN;
import static io.mbt.compiler.spi.ParamSpec.Type.INT;
import static io.mbt.compiler.spi.ParamSpec.Type.MAP;
import static io.mbt.compiler.spi.ParamSpec.Type.STRING;

import io.mbt.compiler.spi.AdapterKind;
import io.mbt.compiler.spi.ParamCatalog;
import io.mbt.compiler.spi.ParamSpec;
import java.util.Set;

/**
 * The adapters that ship with MBT (the blueprint's built-ins, Spark-native): connectors, writers,
 * storage, registries, secrets, executors and orchestrators. Each is a public no-arg class so
 * {@link java.util.ServiceLoader} can create it.
 */
public final class BuiltinAdapters {
  private BuiltinAdapters() {}

  private static final String STEPS = "io.mbt.steps.";

  // ---- data connectors -------------------------------------------------------------------------

  /** Files under a directory or URI: csv, parquet, delta, or auto-detected by extension. */
  public static final class LocalFileConnector extends SimpleAdapter {
    public LocalFileConnector() {
      super(AdapterKind.DATA_CONNECTOR, "local_file", STEPS + "connector.FileConnector", "csv, parquet or Delta files (any Hadoop URI)",
          ParamCatalog.of(
              ParamSpec.of("data_path", STRING, "directory or URI holding the tables, e.g. ./sample_data or s3a://bucket/data").mandatory(),
              ParamSpec.of("format", STRING, "file format; auto picks by extension").oneOf("auto", "csv", "parquet", "delta"),
              ParamSpec.of("csv_options", MAP, "Spark CSV reader options, e.g. {header: true, inferSchema: true}"),
              ParamSpec.of("tables", MAP, "table name -> file name, when they differ")), Set.of());
    }
  }

  /** Tables of the Spark catalog ({@code spark.table}): Hive metastore, Unity Catalog, Glue. */
  public static final class CatalogConnector extends SimpleAdapter {
    public CatalogConnector() {
      super(AdapterKind.DATA_CONNECTOR, "catalog", STEPS + "connector.CatalogConnector", "tables of the Spark catalog (Hive, Unity Catalog, Glue)",
          ParamCatalog.of(
              ParamSpec.of("catalog", STRING, "catalog name (Unity Catalog)"),
              ParamSpec.of("database", STRING, "database/schema that unqualified table names live in")), Set.of());
    }
  }

  /** Any JDBC database, read in parallel by Spark. */
  public static final class JdbcConnector extends SimpleAdapter {
    public JdbcConnector() {
      super(AdapterKind.DATA_CONNECTOR, "jdbc", STEPS + "connector.JdbcConnector", "any JDBC database (driver jar on the classpath)",
          ParamCatalog.of(
              ParamSpec.of("url", STRING, "JDBC URL, e.g. jdbc:postgresql://host:5432/db").mandatory(),
              ParamSpec.of("user", STRING, "user name; use secret('...')"),
              ParamSpec.of("password", STRING, "password; always use secret('...')"),
              ParamSpec.of("driver", STRING, "JDBC driver class"),
              ParamSpec.of("schema", STRING, "schema that unqualified table names live in"),
              ParamSpec.of("fetch_size", INT, "rows per round trip").atLeast(1),
              ParamSpec.of("num_partitions", INT, "parallel reads").atLeast(1),
              ParamSpec.of("options", MAP, "extra Spark JDBC options")), Set.of("the JDBC driver jar on the classpath"));
    }
  }

  // ---- output writers --------------------------------------------------------------------------

  /** Delta table by path or catalog name; reruns for a date replace that date atomically. */
  public static final class DeltaWriter extends SimpleAdapter {
    public DeltaWriter() {
      super(AdapterKind.OUTPUT_WRITER, "delta", STEPS + "output.DeltaOutputWriter", "Delta table (path or catalog name), idempotent per execution_date",
          ParamCatalog.of(ParamSpec.of("base_path", STRING, "directory that relative output paths resolve against")), Set.of());
    }
  }

  public static final class ParquetWriter extends SimpleAdapter {
    public ParquetWriter() {
      super(AdapterKind.OUTPUT_WRITER, "parquet", STEPS + "output.ParquetOutputWriter", "Parquet files partitioned by execution_date",
          ParamCatalog.of(ParamSpec.of("base_path", STRING, "directory that relative output paths resolve against")), Set.of());
    }
  }

  public static final class CsvWriter extends SimpleAdapter {
    public CsvWriter() {
      super(AdapterKind.OUTPUT_WRITER, "csv", STEPS + "output.CsvOutputWriter", "CSV files partitioned by execution_date",
          ParamCatalog.of(ParamSpec.of("base_path", STRING, "directory that relative output paths resolve against"),
              ParamSpec.of("csv_options", MAP, "Spark CSV writer options")), Set.of());
    }
  }

  // ---- storage ---------------------------------------------------------------------------------

  /** Artifacts under a local directory. */
  public static final class LocalStorage extends SimpleAdapter {
    public LocalStorage() {
      super(AdapterKind.STORAGE, "local", STEPS + "storage.HadoopArtifactStore", "local directory",
          ParamCatalog.of(ParamSpec.of("base_path", STRING, "directory for run artifacts, relative to the project").mandatory()), Set.of());
    }
  }

  /** Artifacts in S3 through s3a. */
  public static final class S3Storage extends SimpleAdapter {
    public S3Storage() {
      super(AdapterKind.STORAGE, "s3", STEPS + "storage.HadoopArtifactStore", "Amazon S3 or an S3-compatible store (s3a)",
          ParamCatalog.of(
              ParamSpec.of("bucket", STRING, "bucket name").mandatory(),
              ParamSpec.of("prefix", STRING, "key prefix for run artifacts"),
              ParamSpec.of("region", STRING, "AWS region"),
              ParamSpec.of("endpoint", STRING, "endpoint URL of an S3-compatible store"),
              ParamSpec.of("path_style_access", BOOLEAN, "path-style URLs (most S3-compatible stores)"),
              ParamSpec.of("encryption", STRING, "server-side encryption").oneOf("AES256", "SSE-KMS", "aws:kms"),
              ParamSpec.of("access_key", STRING, "access key id; use secret('...') or instance credentials"),
              ParamSpec.of("secret_key", STRING, "secret key; use secret('...')")), Set.of("hadoop-aws on the classpath"));
    }
  }

  public static final class GcsStorage extends SimpleAdapter {
    public GcsStorage() {
      super(AdapterKind.STORAGE, "gcs", STEPS + "storage.HadoopArtifactStore", "Google Cloud Storage (gs://)",
          ParamCatalog.of(ParamSpec.of("bucket", STRING, "bucket name").mandatory(), ParamSpec.of("prefix", STRING, "object prefix")),
          Set.of("the GCS Hadoop connector on the classpath"));
    }
  }

  public static final class AbfsStorage extends SimpleAdapter {
    public AbfsStorage() {
      super(AdapterKind.STORAGE, "abfs", STEPS + "storage.HadoopArtifactStore", "Azure Data Lake Storage Gen2 (abfss://)",
          ParamCatalog.of(ParamSpec.of("container", STRING, "container name").mandatory(),
              ParamSpec.of("account", STRING, "storage account name").mandatory(), ParamSpec.of("prefix", STRING, "path prefix")),
          Set.of("hadoop-azure on the classpath"));
    }
  }

  /** Any Hadoop FileSystem URI (hdfs://, dbfs:/, file:/…). */
  public static final class UriStorage extends SimpleAdapter {
    public UriStorage() {
      super(AdapterKind.STORAGE, "uri", STEPS + "storage.HadoopArtifactStore", "any Hadoop FileSystem URI (hdfs://, dbfs:/, ...)",
          ParamCatalog.of(ParamSpec.of("root", STRING, "root URI for run artifacts").mandatory()), Set.of());
    }
  }

  // ---- model registries ------------------------------------------------------------------------

  /** The embedded default: a file registry under the project (or any Hadoop URI). */
  public static final class LocalRegistry extends SimpleAdapter {
    public LocalRegistry() {
      super(AdapterKind.MODEL_REGISTRY, "local", STEPS + "registry.LocalModelRegistry", "embedded file registry (default)",
          ParamCatalog.of(ParamSpec.of("path", STRING, "registry directory or URI, relative to the project")), Set.of());
    }
  }

  public static final class MlflowRegistry extends SimpleAdapter {
    public MlflowRegistry() {
      super(AdapterKind.MODEL_REGISTRY, "mlflow", STEPS + "registry.mlflow.MlflowModelRegistry", "MLflow tracking server and model registry",
          ParamCatalog.of(
              ParamSpec.of("tracking_uri", STRING, "MLflow tracking server URL").mandatory(),
              ParamSpec.of("registry_uri", STRING, "model registry URL (defaults to tracking_uri)"),
              ParamSpec.of("experiment_name", STRING, "log every run to this experiment instead of the project's"),
              ParamSpec.of("experiment_suffix", STRING, "appended to experiment names, e.g. _dev"),
              ParamSpec.of("token", STRING, "bearer token; use secret('...')"),
              ParamSpec.of("username", STRING, "basic-auth user; use secret('...')"),
              ParamSpec.of("password", STRING, "basic-auth password; use secret('...')"),
              ParamSpec.of("registered_model_name", STRING, "register logged models under this name (default: the experiment name)"),
              ParamSpec.of("timeout_seconds", INT, "HTTP timeout per call to the server (default 30)")),
          Set.of("network access to the MLflow tracking server"));
    }
  }

  // ---- secrets, executors, orchestrators --------------------------------------------------------

  /** Secrets from environment variables ({@code secret('a/b')} reads {@code A_B}, optionally prefixed). */
  public static final class EnvSecrets extends SimpleAdapter {
    public EnvSecrets() {
      super(AdapterKind.SECRETS, "env", STEPS + "secrets.EnvSecretsProvider", "environment variables",
          ParamCatalog.of(ParamSpec.of("prefix", STRING, "prepended to every variable name, e.g. MBT_SECRET_")), Set.of());
    }
  }

  /** Runs the pipeline in the current Spark driver (local[*] or the cluster spark-submit gave). */
  public static final class LocalExecutor extends SimpleAdapter {
    public LocalExecutor() {
      super(AdapterKind.EXECUTOR, "local", STEPS + "runner.LocalExecutor", "steps run one after another in this Spark driver (embedded, or the application spark-submit started)",
          ParamCatalog.of(ParamSpec.of("master", STRING, "Spark master of the embedded session MBT starts (default local[*]); spark-submit and notebooks choose their own"),
              ParamSpec.of("spark_conf", MAP, "Spark settings for the session (the target's spark.conf wins on a clash)")), Set.of());
    }
  }
}
