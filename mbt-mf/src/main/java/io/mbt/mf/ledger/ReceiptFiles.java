package io.mbt.mf.ledger;

import io.mbt.mf.identity.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.Option;
import scala.collection.immutable.Map$;

/**
 * Writes a commit's receipts as one Parquet data file of the ledger table, directly through
 * Parquet's writer instead of a Spark job: a receipt append is a few rows, and a Spark write job
 * cost more than the rest of the commit. The file matches {@link DeltaLedger#SCHEMA} and carries
 * the Delta statistics that let reads by run, kind or subject skip every other file.
 */
final class ReceiptFiles {
  // Column order and nullability as in DeltaLedger.SCHEMA; timestamps as Spark reads them (UTC micros).
  private static final MessageType PARQUET = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("receipt_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("train_run_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("kind")
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("stage")
      .optional(PrimitiveTypeName.INT32).named("attempt")
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("subject")
      .required(PrimitiveTypeName.INT64).named("lease_epoch")
      .required(PrimitiveTypeName.INT64).named("sequence")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("holder")
      .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
      .named("recorded_at")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("body")
      .named("spark_schema");

  private static final Comparator<String> UTF8_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Path table;
  private final Configuration hadoop;

  ReceiptFiles(Path table, Configuration hadoop) {
    this.table = table;
    this.hadoop = hadoop;
  }

  /** Writes {@code receipts} (at least one) to a new data file and returns the action that adds it. */
  AddFile write(List<Receipt> receipts) {
    if (receipts.isEmpty()) {
      throw new IllegalArgumentException("a ledger commit writes at least one receipt");
    }
    String name = "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet";
    Path file = new Path(table, name);
    try {
      try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withConf(hadoop).withType(PARQUET)
          .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
        SimpleGroupFactory groups = new SimpleGroupFactory(PARQUET);
        for (Receipt receipt : receipts) {
          writer.write(row(groups, receipt));
        }
      }
      FileStatus status = file.getFileSystem(hadoop).getFileStatus(file);
      return new AddFile(name, Map$.MODULE$.empty(), status.getLen(), status.getModificationTime(), true, stats(receipts),
          null, null, Option.empty(), Option.empty(), Option.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write receipts to " + file + ": " + e.getMessage(), e);
    }
  }

  private static Group row(SimpleGroupFactory groups, Receipt r) {
    Group row = groups.newGroup()
        .append("receipt_id", r.receiptId())
        .append("train_run_id", r.trainRunId())
        .append("kind", r.kind().wireName());
    r.stage().ifPresent(stage -> row.append("stage", stage));
    r.attempt().ifPresent(attempt -> row.append("attempt", attempt));
    r.subject().ifPresent(subject -> row.append("subject", subject));
    return row.append("lease_epoch", r.leaseEpoch())
        .append("sequence", r.sequence())
        .append("holder", r.holder())
        .append("recorded_at", micros(r.recordedAt()))
        .append("body", r.bodyJson());
  }

  /** Delta's per-file statistics: row count, null counts, and min/max of the columns reads filter on. */
  private static String stats(List<Receipt> receipts) {
    Map<String, Object> min = new LinkedHashMap<>();
    Map<String, Object> max = new LinkedHashMap<>();
    range(receipts, "receipt_id", Receipt::receiptId, min, max);
    range(receipts, "train_run_id", Receipt::trainRunId, min, max);
    range(receipts, "kind", r -> r.kind().wireName(), min, max);
    range(receipts, "subject", r -> r.subject().orElse(null), min, max);
    Map<String, Object> nulls = new LinkedHashMap<>();
    for (String column : List.of("receipt_id", "train_run_id", "kind", "lease_epoch", "sequence", "holder", "recorded_at", "body")) {
      nulls.put(column, 0);
    }
    nulls.put("stage", receipts.stream().filter(r -> r.stage().isEmpty()).count());
    nulls.put("attempt", receipts.stream().filter(r -> r.attempt().isEmpty()).count());
    nulls.put("subject", receipts.stream().filter(r -> r.subject().isEmpty()).count());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("numRecords", receipts.size());
    stats.put("minValues", min);
    stats.put("maxValues", max);
    stats.put("nullCount", nulls);
    return CanonicalJson.write(stats);
  }

  private static void range(List<Receipt> receipts, String column, Function<Receipt, String> value, Map<String, Object> min,
      Map<String, Object> max) {
    // Spark orders strings by their UTF-8 bytes (as Delta compares these statistics), not by UTF-16 units.
    List<String> values = receipts.stream().map(value).filter(v -> v != null).sorted(UTF8_ORDER).toList();
    if (!values.isEmpty()) {
      min.put(column, values.get(0));
      max.put(column, values.get(values.size() - 1));
    }
  }

  private static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }
}
