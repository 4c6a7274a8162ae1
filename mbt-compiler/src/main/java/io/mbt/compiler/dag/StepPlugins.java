package io.mbt.compiler.dag;

/** The run-time classes (in mbt-steps) of the built-in steps, as recorded in manifests. */
public final class StepPlugins {
  private static final String TRAINING = "io.mbt.steps.training.";
  private static final String SERVING = "io.mbt.steps.serving.";

  public static final String LOAD_DATA = TRAINING + "LoadDataStep";
  public static final String JOIN_TABLES = TRAINING + "JoinTablesStep";
  public static final String VALIDATE_DATA = TRAINING + "ValidateDataStep";
  public static final String SPLIT_DATA = TRAINING + "SplitDataStep";
  public static final String CUSTOM_TRANSFORMS = TRAINING + "CustomTransformsStep";
  public static final String ENCODE = TRAINING + "EncodeStep";
  public static final String NORMALIZE = TRAINING + "NormalizeStep";
  public static final String SELECT_FEATURES = TRAINING + "SelectFeaturesStep";
  public static final String EVALUATE = TRAINING + "EvaluateStep";
  public static final String LOG_RUN = TRAINING + "LogRunStep";
  public static final String LOAD_MODEL = SERVING + "LoadModelStep";
  public static final String LOAD_SCORING_DATA = SERVING + "LoadScoringDataStep";
  public static final String APPLY_TRANSFORMS = SERVING + "ApplyTransformsStep";
  public static final String PREDICT = SERVING + "PredictStep";
  public static final String PUBLISH_PREDICTIONS = SERVING + "PublishPredictionsStep";
  /** Custom steps run through this adapter, which loads the user's class. */
  public static final String CUSTOM_STEP = "io.mbt.steps.custom.CustomStepRunner";

  private StepPlugins() {}
}
