package io.mbt.compiler.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.Location;
import io.mbt.compiler.fixtures.Pipelines;
import io.mbt.compiler.fixtures.TestProject;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.project.ProjectLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  /** A third-party framework, as an adapter jar would provide it. */
  static final class FakeLightGbm implements FrameworkDescriptor {
    @Override
    public String name() {
      return "lightgbm";
    }

    @Override
    public String implementationClass() {
      return "com.acme.LightGbmTrainer";
    }

    @Override
    public Set<ProblemType> supportedProblemTypes() {
      return Set.of(ProblemType.BINARY_CLASSIFICATION);
    }

    @Override
    public List<ConfigIssue> validateConfig(Map<String, Object> config, ProblemType problemType) {
      return config.containsKey("num_leaves") ? List.of() : List.of(new ConfigIssue("", "num_leaves is required", "add num_leaves"));
    }
  }

  @Test
  void listsTheBuiltInAdaptersByKind() {
    PluginRegistry registry = PluginRegistry.load();

    assertThat(registry.loadErrors()).isEmpty();
    assertThat(registry.installed(AdapterKind.FRAMEWORK))
        .containsExactly("automl", "mllib_gbt", "mllib_linear_regression", "mllib_logistic_regression", "mllib_random_forest", "xgboost");
    assertThat(registry.installed(AdapterKind.DATA_CONNECTOR)).containsExactly("catalog", "jdbc", "local_file");
    assertThat(registry.installed(AdapterKind.OUTPUT_WRITER)).containsExactly("csv", "delta", "parquet");
    assertThat(registry.installed(AdapterKind.STORAGE)).containsExactly("abfs", "gcs", "local", "s3", "uri");
    assertThat(registry.installed(AdapterKind.MODEL_REGISTRY)).containsExactly("local", "mlflow");
    assertThat(registry.installed(AdapterKind.SECRETS)).containsExactly("env");
    assertThat(registry.installed(AdapterKind.EXECUTOR)).containsExactly("local");
    assertThat(registry.installed(AdapterKind.ORCHESTRATOR)).isEmpty(); // until DAG generation exists, nothing claims to
    assertThat(registry.all()).doesNotContainKey(AdapterKind.EXPERIMENT_TRACKER);
    assertThat(registry.all().get(AdapterKind.FRAMEWORK)).allSatisfy(d -> {
      assertThat(d.implementationClass()).startsWith("io.mbt.steps.framework.");
      assertThat(d.description()).isNotBlank();
    });
  }

  @Test
  void findsAnAdapterByKindAndName() {
    PluginRegistry registry = PluginRegistry.load();

    assertThat(registry.find(AdapterKind.FRAMEWORK, "xgboost")).get()
        .satisfies(d -> assertThat(d.implementationClass()).startsWith("io.mbt.steps.framework.").endsWith("XGBoostTrainer"));
    assertThat(registry.find(AdapterKind.STORAGE, "xgboost")).isEmpty();
  }

  @Test
  void reportsAMissingAdapterAndReturnsNull() {
    List<CompileProblem> problems = new ArrayList<>();

    AdapterDescriptor found = PluginRegistry.of(List.of()).require(AdapterKind.SECRETS, "vault", new Location("profiles.yaml", 3, 5),
        "demo.secrets.type", problems);

    assertThat(found).isNull();
    assertThat(problems).singleElement().satisfies(p -> assertThat(p.format()).startsWith(
        "profiles.yaml:3:5: error[MBT401]: demo.secrets.type: no secrets provider adapter named 'vault' is installed; installed: none"));
  }

  @Test
  void reportsTwoAdaptersClaimingOneName() {
    AdapterDescriptor other = new AdapterDescriptor() {
      @Override
      public AdapterKind kind() {
        return AdapterKind.FRAMEWORK;
      }

      @Override
      public String name() {
        return "lightgbm";
      }

      @Override
      public String implementationClass() {
        return "com.other.Trainer";
      }
    };

    PluginRegistry registry = PluginRegistry.of(List.of(new FakeLightGbm(), other));

    assertThat(registry.loadErrors()).singleElement().asString()
        .startsWith("two frameworks are named 'lightgbm': " + FakeLightGbm.class.getName() + " and ")
        .endsWith("; remove one of the jars");
    assertThat(registry.find(AdapterKind.FRAMEWORK, "lightgbm")).get().isInstanceOf(FakeLightGbm.class);
  }

  @Test
  void compilesWithAThirdPartyFramework(@TempDir Path dir) {
    TestProject project = TestProject.in(dir).pipeline("p", Pipelines.training("p").replace("framework: xgboost", "framework: lightgbm")
        .replace("max_depth: 4", "num_leaves: 31"));
    List<AdapterDescriptor> adapters = new ArrayList<>(PluginRegistry.load().all().values().stream().flatMap(List::stream).toList());
    adapters.add(new FakeLightGbm());
    io.mbt.compiler.Compiler compiler = new io.mbt.compiler.Compiler(ProjectLoader.load(dir), PluginRegistry.of(adapters));

    assertThat(compiler.compile("p", project.options()).manifest().step("train_model").plugin()).isEqualTo("com.acme.LightGbmTrainer");
  }

  @Test
  void describesKinds() {
    assertThat(AdapterKind.MODEL_REGISTRY.singular()).isEqualTo("model registry");
    assertThat(AdapterKind.DATA_CONNECTOR.singular()).isEqualTo("data connector");
    assertThat(AdapterKind.STORAGE.plural()).isEqualTo("storage backends");
  }
}
