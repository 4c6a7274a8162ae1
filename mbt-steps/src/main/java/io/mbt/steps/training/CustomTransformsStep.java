package io.mbt.steps.training;

import io.mbt.compiler.model.CustomTransform;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.transform.SqlText;
import io.mbt.steps.transform.TransformContext;
import io.mbt.steps.transform.TransformErrors;
import io.mbt.steps.transform.TransformIO;
import io.mbt.steps.transform.UserTransform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code custom_transforms}: the user's feature engineering, in order — SQL statements over
 * {@code __THIS__} (a {@link SQLTransformer} each) and {@link UserTransform} classes (whatever
 * Spark ML stage they return) — fitted on the train set only and kept as one PipelineModel.
 */
public final class CustomTransformsStep implements Step {
  /** The step's config: {@code transforms}, as the compiler wrote them. */
  public record Config(List<CustomTransform> transforms) {
    public Config {
      transforms = transforms == null ? List.of() : List.copyOf(transforms);
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config config = ctx.config(Config.class);
    TransformIO.Inputs inputs = TransformIO.read(ctx);
    PipelineModel fitted = fit(config.transforms(), inputs.train(), ctx.spark());
    TransformIO.write(ctx, inputs, fitted);

    Set<String> added = new LinkedHashSet<>(List.of(fitted.transformSchema(inputs.train().schema()).fieldNames()));
    added.removeAll(List.of(inputs.train().columns()));
    ctx.record("transforms", config.transforms().stream().map(CustomTransform::name).toList());
    ctx.record("added_columns", List.copyOf(added));
    ctx.log().info("custom_transforms", Map.of("transforms", config.transforms().size(), "added_columns", added.size()));
  }

  /**
   * Builds and fits the stages one at a time, so that an error names its transform: the schema
   * check runs the SQL analyzer (a bad statement fails here, with Spark's message), then an
   * Estimator is fitted on the train set as transformed by the stages before it.
   */
  static PipelineModel fit(List<CustomTransform> transforms, Dataset<Row> train, SparkSession spark) {
    Dataset<Row> current = train;
    List<Transformer> fitted = new ArrayList<>();
    for (CustomTransform transform : transforms) {
      PipelineStage stage = stage(transform, current.schema(), spark);
      Transformer transformer;
      try {
        if (stage instanceof SQLTransformer sql) {
          analyze(spark, current.schema(), sql.getStatement());
        }
        stage.transformSchema(current.schema());
        transformer = stage instanceof Estimator<?> estimator ? (Transformer) estimator.fit(current) : (Transformer) stage;
      } catch (StepFailedException e) {
        throw e;
      } catch (Exception e) { // Spark's AnalysisException is a checked exception to Java
        throw TransformErrors.customTransformFailed(transform.name(), e);
      }
      if (!(transformer instanceof MLWritable)) {
        throw TransformErrors.notWritable(transform.name(), transformer);
      }
      StructType before = current.schema();
      current = transformer.transform(current);
      for (String column : before.fieldNames()) {
        // Later steps need MBT's own columns (the label index) on the train and test sets.
        if (column.startsWith("__") && !List.of(current.columns()).contains(column)) {
          throw TransformErrors.removedInternalColumn(transform.name(), column);
        }
      }
      fitted.add(transformer);
    }
    return TransformIO.fit(fitted, train);
  }

  /**
   * Runs the SQL analyzer on the statement over an empty table of {@code schema}. SQLTransformer's
   * own check does the same but leaves its temporary view behind in the session when the
   * statement fails; this one always drops it.
   */
  private static void analyze(SparkSession spark, StructType schema, String statement) {
    String view = "__mbt_check_" + UUID.randomUUID().toString().replace("-", "");
    spark.createDataFrame(List.of(), schema).createOrReplaceTempView(view);
    try {
      spark.sql(statement.replace(SqlText.THIS, view)).schema();
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private static PipelineStage stage(CustomTransform transform, StructType schema, SparkSession spark) {
    if (transform instanceof CustomTransform.Sql sql) {
      if (sql.sql() == null || !sql.sql().contains(SqlText.THIS)) {
        throw TransformErrors.sqlWithoutThis(sql.name());
      }
      return new SQLTransformer(Identifiable$.MODULE$.randomUID("sql_" + sql.name().replaceAll("[^A-Za-z0-9_]", "_"))).setStatement(sql.sql());
    }
    CustomTransform.UserClass user = (CustomTransform.UserClass) transform;
    UserTransform instance = instantiate(user);
    PipelineStage stage;
    try {
      stage = instance.stage(user.config() == null ? Map.of() : user.config(), new TransformContext(user.name(), schema, spark));
    } catch (Exception e) {
      throw TransformErrors.customTransformFailed(user.name(), e);
    }
    if (!(stage instanceof Estimator<?>) && !(stage instanceof Transformer)) {
      throw TransformErrors.notAStage(user.name(), user.className(), stage);
    }
    if (stage instanceof Transformer && !(stage instanceof MLWritable)) {
      throw TransformErrors.notWritable(user.name(), stage);
    }
    return stage;
  }

  private static UserTransform instantiate(CustomTransform.UserClass user) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(user.className(), true, loader == null ? CustomTransformsStep.class.getClassLoader() : loader);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw TransformErrors.userClassNotFound(user.name(), user.className());
    }
    if (!UserTransform.class.isAssignableFrom(type)) {
      throw TransformErrors.notAUserTransform(user.name(), user.className());
    }
    try {
      return (UserTransform) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw TransformErrors.cannotInstantiate(user.name(), user.className(), e);
    }
  }
}
