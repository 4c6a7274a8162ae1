package io.mbt.steps.runner;

import io.mbt.steps.api.ArtifactKind;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.TableRecipe;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads tables and table views. A view's source may itself be a view, so a record carries its
 * source's record (the chain ends at a Delta table).
 */
final class TableViews {
  private TableViews() {}

  static OutputRecord record(String uri, String digest, TableRecipe recipe, OutputRecord source) {
    return new OutputRecord(ArtifactKind.TABLE_VIEW, uri, digest, source.tableVersion(), Optional.of(chain(recipe, source)));
  }

  /** Embeds the source's record in this recipe's sourceUri, so one record is self-contained. */
  private static TableRecipe chain(TableRecipe recipe, OutputRecord source) {
    // Always embed the source record: it pins a Delta source's version, or carries a view's own recipe.
    return new TableRecipe(recipe.sourceRef(), encode(source), recipe.modelUri(), recipe.filter());
  }

  /** The source URI of a derived table's recipe: it has no stored source, its producer rebuilds it. */
  static final String DERIVED = "derived";

  /** The data of {@code output} as step {@code reader} reads it. */
  static Dataset<Row> read(SparkSession spark, OutputRecord output, String reader, LoadedModels models, Derivations derivations) {
    return (output.kind() == ArtifactKind.TABLE_VIEW ? view(spark, output, reader, models, derivations) : table(spark, output, reader, models, derivations))
        .data();
  }

  /**
   * A stored Delta table at its recorded version, or a derived table rebuilt by its step; once per
   * run (the record pins the version, or the derivation's inputs and details).
   */
  private static LoadedModels.View table(SparkSession spark, OutputRecord output, String reader, LoadedModels models, Derivations derivations) {
    return models.view(output, reader, () -> {
      if (output.kind() == ArtifactKind.DERIVED_TABLE) {
        return new LoadedModels.View(derivations.derive(output.recipe().orElseThrow().sourceRef()), Set.of());
      }
      return new LoadedModels.View(output.tableVersion().isPresent()
          ? spark.read().format("delta").option("versionAsOf", output.tableVersion().get()).load(output.uri())
          : spark.read().format("delta").load(output.uri()), Set.of());
    });
  }

  private static LoadedModels.View view(SparkSession spark, OutputRecord output, String reader, LoadedModels models, Derivations derivations) {
    return models.view(output, reader, () -> {
      TableRecipe recipe = output.recipe().orElseThrow();
      Set<String> modelUris = new HashSet<>();
      Dataset<Row> data;
      int changes = 0;
      Optional<LoadedModels.View> upstream = Optional.empty();
      if (recipe.sourceUri().startsWith(VIEW_PREFIX)) {
        OutputRecord source = decode(recipe.sourceUri());
        if (source.kind() == ArtifactKind.TABLE_VIEW) {
          upstream = Optional.of(view(spark, source, reader, models, derivations));
          modelUris.addAll(upstream.get().modelUris());
          changes = upstream.get().changes();
        } else {
          upstream = Optional.of(table(spark, source, reader, models, derivations));
        }
        data = upstream.get().data();
      } else {
        data = spark.read().format("delta").load(recipe.sourceUri());
      }
      if (recipe.modelUri().isPresent()) {
        modelUris.add(recipe.modelUri().get());
        data = models.load(recipe.modelUri().get()).transform(data);
      }
      if (recipe.filter().isPresent()) {
        data = data.filter(recipe.filter().get());
      }
      if (recipe.modelUri().isPresent() || recipe.filter().isPresent()) {
        changes++;
      }
      return new LoadedModels.View(data, Set.copyOf(modelUris), changes, upstream);
    });
  }

  private static final String VIEW_PREFIX = "view:";

  private static String encode(OutputRecord view) {
    try {
      return VIEW_PREFIX + java.util.Base64.getUrlEncoder().encodeToString(io.mbt.compiler.manifest.ManifestJson.mapper().writeValueAsBytes(view));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OutputRecord decode(String sourceUri) {
    try {
      return io.mbt.compiler.manifest.ManifestJson.mapper()
          .readValue(java.util.Base64.getUrlDecoder().decode(sourceUri.substring(VIEW_PREFIX.length())), OutputRecord.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable table view source: " + e.getMessage(), e);
    }
  }
}
