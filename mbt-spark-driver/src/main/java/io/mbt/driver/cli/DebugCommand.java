package io.mbt.driver.cli;

import io.mbt.compiler.profile.AdapterRef;

import io.mbt.compiler.Compiler;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.compiler.profile.TargetConfig;
import io.mbt.compiler.template.SecretRef;
import io.mbt.driver.runtime.SparkRuntime;
import io.mbt.steps.connector.ConnectionCheck;
import io.mbt.steps.connector.DataConnectors;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.registry.ModelRegistries;
import io.mbt.steps.registry.ModelRegistry;
import org.apache.spark.sql.SparkSession;
import io.mbt.steps.runner.StorageRoots;
import io.mbt.steps.secrets.SecretResolver;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code mbt debug [--target]}: checks the target's profile, storage, secrets and frameworks before a run. */
@Command(name = "debug", mixinStandardHelpOptions = true,
    description = "Check the target: profile, artifact storage (write/read/delete a probe), secrets, frameworks, Spark, data connector, model registry.")
final class DebugCommand implements Callable<Integer> {
  @Mixin ProjectOptions options;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private int failures;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Compiler compiler = options.compiler();
    TargetConfig target = compiler.target(options.compileOptions());
    out.println("project  " + compiler.project().name() + " at " + compiler.project().root());
    out.println("profile  " + target.profile() + ", target " + target.name());
    check(out, "storage (" + target.storage().type() + ")", () -> {
      String root = StorageRoots.root(target.storage(), compiler.project().root());
      Configuration conf = new Configuration();
      target.spark().conf().forEach((k, v) -> {
        if (k.startsWith("spark.hadoop.")) {
          conf.set(k.substring("spark.hadoop.".length()), v);
        }
      });
      Path probe = new Path(root + "/.mbt-debug-" + UUID.randomUUID());
      FileSystem fs = probe.getFileSystem(conf);
      try (OutputStream o = fs.create(probe, true)) {
        o.write("probe".getBytes(StandardCharsets.UTF_8));
      }
      boolean readable = fs.getFileStatus(probe).getLen() == 5;
      fs.delete(probe, false);
      if (!readable) {
        throw new IllegalStateException("probe file could not be read back");
      }
      return root + " is writable";
    });
    List<String> secrets = new ArrayList<>(new TreeSet<>(secretKeys(ManifestJson.toMap(target))));
    check(out, "secrets (" + target.secrets().type() + ")", () -> {
      SecretResolver resolver = SecretResolver.forProvider(target.secrets().type(), target.secrets().config());
      if (!resolver.provider().validateAccess()) {
        throw new IllegalStateException("the provider is not reachable");
      }
      List<String> missing = new ArrayList<>();
      for (String key : secrets) {
        try {
          resolver.provider().secret(key);
        } catch (RuntimeException e) {
          missing.add(e.getMessage());
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(String.join("; ", missing));
      }
      return secrets.isEmpty() ? "no secrets referenced by the target" : secrets.size() + " secrets resolvable: " + secrets;
    });
    check(out, "frameworks", () -> "installed: " + FrameworkTrainers.names());
    SparkSession[] spark = new SparkSession[1];
    check(out, "spark", () -> {
      spark[0] = SparkRuntime.session(target, compiler.project().root());
      return "Spark " + spark[0].version() + ", master " + spark[0].sparkContext().master();
    });
    if (spark[0] != null) {
      check(out, "data connector (" + target.dataConnector().type() + ")", () -> {
        ConnectionCheck result = DataConnectors.get(target.dataConnector(), compiler.project().root()).validateConnection(spark[0]);
        if (!result.ok()) {
          throw new IllegalStateException(result.detail());
        }
        return result.detail();
      });
      check(out, "model registry (" + target.modelRegistry().type() + ")", () -> {
        // Secrets resolved as at run time; the registry's description names where it is, never a credential.
        SecretResolver secretValues = SecretResolver.forProvider(target.secrets().type(), target.secrets().config());
        AdapterRef ref = AdapterRef.of(target.modelRegistry().type(), secretValues.resolveMap(target.modelRegistry().config()));
        try (ModelRegistry registry = ModelRegistries.get(ref, compiler.project().root(), spark[0])) {
          if (!registry.healthCheck()) {
            throw new IllegalStateException(registry + " is not reachable");
          }
          return registry + " is reachable";
        }
      });
    }
    out.println(failures == 0 ? "All checks passed." : failures + " check(s) failed.");
    return failures == 0 ? MbtCli.OK : MbtCli.FAILED;
  }

  private void check(PrintWriter out, String what, Callable<String> probe) {
    try {
      out.printf("  OK    %-24s %s%n", what, probe.call());
    } catch (Exception e) {
      failures++;
      out.printf("  FAIL  %-24s %s%n", what, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> secretKeys(Object value) {
    List<String> keys = new ArrayList<>();
    if (value instanceof String s && SecretRef.containsReference(s)) {
      SecretRef.resolve(s, k -> {
        keys.add(k);
        return "";
      });
    } else if (value instanceof Map<?, ?> m) {
      ((Map<String, Object>) m).values().forEach(v -> keys.addAll(secretKeys(v)));
    } else if (value instanceof List<?> l) {
      l.forEach(v -> keys.addAll(secretKeys(v)));
    }
    return keys;
  }
}
