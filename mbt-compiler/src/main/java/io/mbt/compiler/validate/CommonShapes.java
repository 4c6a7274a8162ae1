package io.mbt.compiler.validate;

import static io.mbt.compiler.validate.Shapes.bool;
import static io.mbt.compiler.validate.Shapes.listOf;
import static io.mbt.compiler.validate.Shapes.object;

import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.model.CustomStepSpec;
import io.mbt.compiler.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Shapes shared by the training and serving sections. */
final class CommonShapes {
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");

  private CommonShapes() {}

  static Shape<Resources> resources() {
    return object("resources with cpu, memory, gpu", f -> new Resources(
        f.optional("cpu", Shapes.cpuQuantity()),
        f.optional("memory", Shapes.memoryQuantity()),
        f.optional("gpu", Shapes.smallInt(0, 64))));
  }

  /** A fully qualified Java class name, e.g. {@code com.acme.churn.RfmTransform}. */
  static Shape<String> className() {
    return Shapes.named("a fully qualified Java class name", (node, path, b) -> {
      String s = Shapes.string().bind(node, path, b);
      if (s != null && !CLASS_NAME.matcher(s).matches()) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "'" + s + "' is not a fully qualified Java class name",
            "write the class with its package, e.g. com.acme.churn.RfmTransform, and put its jar on the classpath (lib/ or --jars)");
        return null;
      }
      return s;
    });
  }

  static Shape<CustomStepSpec> customStep() {
    return object("a custom step", f -> {
      String name = f.required("name", Shapes.identifier());
      String className = f.required("class", className());
      List<String> dependsOn = f.optional("depends_on", listOf(Shapes.identifier()), List.of());
      List<String> before = f.optional("before", listOf(Shapes.identifier()), List.of());
      Map<String, Object> config = f.optional("config", Shapes.plainMap(), Map.of());
      boolean idempotent = f.optional("idempotent", bool(), false);
      Resources resources = f.optionalOrElse("resources", resources(), Resources::none);
      return name == null || className == null ? null : new CustomStepSpec(name, className, dependsOn, before, config, idempotent, resources);
    });
  }
}
