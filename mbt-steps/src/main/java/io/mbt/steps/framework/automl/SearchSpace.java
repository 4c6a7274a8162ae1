package io.mbt.steps.framework.automl;

import static io.mbt.steps.framework.automl.Dimension.choice;
import static io.mbt.steps.framework.automl.Dimension.integers;
import static io.mbt.steps.framework.automl.Dimension.logUniform;
import static io.mbt.steps.framework.automl.Dimension.uniform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The hyperparameter spaces of the families, and the deterministic order in which a search visits
 * them: every family's default first, then random draws, families interleaved round-robin.
 */
final class SearchSpace {
  /** Draws of an already planned config are retried this often before the family sits out. */
  private static final int MAX_ATTEMPTS = 20;

  private final Map<Family, FamilySpace> spaces = new EnumMap<>(Family.class);

  SearchSpace(Collection<FamilySpace> spaces) {
    for (FamilySpace space : spaces) {
      if (this.spaces.put(space.family(), space) != null) {
        throw new IllegalArgumentException("two search spaces for " + space.family().yamlName());
      }
    }
  }

  /** The spaces AutoML uses: ranges that suit tabular data from thousands to millions of rows. */
  static SearchSpace standard() {
    return new SearchSpace(List.of(
        new FamilySpace(Family.XGBOOST,
            // One thread per Spark task: XGBoost's parallelism comes from its num_workers tasks.
            params("nthread", 1),
            params("n_estimators", 100, "max_depth", 6, "learning_rate", 0.1, "subsample", 0.8,
                "colsample_bytree", 0.8, "min_child_weight", 1, "reg_lambda", 1.0),
            List.of(integers("n_estimators", 50, 400), integers("max_depth", 3, 8),
                logUniform("learning_rate", 0.02, 0.3), uniform("subsample", 0.6, 1.0),
                uniform("colsample_bytree", 0.5, 1.0), integers("min_child_weight", 1, 10),
                logUniform("reg_lambda", 0.01, 10.0))),
        new FamilySpace(Family.GBT,
            params(),
            params("max_iter", 50, "max_depth", 5, "step_size", 0.1),
            List.of(integers("max_iter", 20, 100), integers("max_depth", 3, 7),
                uniform("step_size", 0.05, 0.3))),
        new FamilySpace(Family.RANDOM_FOREST,
            params(),
            params("num_trees", 100, "max_depth", 10, "feature_subset_strategy", "auto"),
            List.of(integers("num_trees", 50, 300), integers("max_depth", 5, 15),
                choice("feature_subset_strategy", "auto", "sqrt", "log2", "onethird"))),
        new FamilySpace(Family.LOGISTIC_REGRESSION,
            params("max_iter", 100),
            params("reg_param", 0.001, "elastic_net_param", 0.0),
            List.of(logUniform("reg_param", 1e-4, 1.0), uniform("elastic_net_param", 0.0, 1.0))),
        new FamilySpace(Family.LINEAR_REGRESSION,
            params("max_iter", 100),
            params("reg_param", 0.001, "elastic_net_param", 0.0),
            List.of(logUniform("reg_param", 1e-4, 1.0), uniform("elastic_net_param", 0.0, 1.0)))));
  }

  /**
   * Up to {@code maxModels} candidates over {@code families}, in search order: round 0 holds each
   * family's default, every later round one random draw per family, in {@code families}' order.
   * Each family draws from its own generator seeded from {@code seed} and its name, so the same
   * seed gives the same candidates, and including or excluding a family leaves the others'
   * configs unchanged. Fewer than {@code maxModels} only if the spaces run out of new configs.
   */
  List<Candidate> plan(List<Family> families, long seed, int maxModels) {
    Map<Family, Random> randoms = new EnumMap<>(Family.class);
    Map<Family, Set<Map<String, Object>>> seen = new EnumMap<>(Family.class);
    for (Family family : families) {
      if (!spaces.containsKey(family)) {
        throw new IllegalStateException("no search space for " + family.yamlName());
      }
      randoms.put(family, new Random(seed ^ (0x9E3779B97F4A7C15L * family.yamlName().hashCode())));
      seen.put(family, new HashSet<>());
    }
    List<Candidate> plan = new ArrayList<>();
    for (int round = 0; plan.size() < maxModels; round++) {
      int before = plan.size();
      for (Family family : families) {
        if (plan.size() == maxModels) {
          break;
        }
        FamilySpace space = spaces.get(family);
        Map<String, Object> config = round == 0 ? space.defaultConfig() : null;
        for (int attempt = 0; config == null && attempt < MAX_ATTEMPTS; attempt++) {
          Map<String, Object> drawn = space.draw(randoms.get(family));
          config = seen.get(family).contains(drawn) ? null : drawn;
        }
        if (config != null && seen.get(family).add(config)) {
          plan.add(Candidate.of(plan.size(), family, config));
        }
      }
      if (plan.size() == before) {
        break;
      }
    }
    return List.copyOf(plan);
  }

  /** An ordered config from alternating keys and values. */
  static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      params.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return params;
  }
}
