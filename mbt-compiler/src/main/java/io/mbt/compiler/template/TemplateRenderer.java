package io.mbt.compiler.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.yaml.YEntry;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YScalar;
import io.mbt.compiler.yaml.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders Jinja ({@code {{ env_var('K') }}}, {@code {{ var('n', 'd') }}}, {@code {{ secret('k') }}})
 * in every string value of a document, one scalar at a time so errors keep their line and column.
 * A rendered value is re-typed as YAML would type it ({@code "{{ var('depth', 6) }}"} becomes 6).
 */
public final class TemplateRenderer {
  private static final Pattern INT = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT = Pattern.compile("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?");
  private static final Jinjava JINJAVA = create();

  private final TemplateContext context;
  private final TemplateFunctions.Active active;

  public TemplateRenderer(TemplateContext context) {
    this.context = context;
    this.active = new TemplateFunctions.Active(context);
  }

  private static Jinjava create() {
    Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder()
        .withFailOnUnknownTokens(true)
        .withMaxOutputSize(1_000_000)
        .withNestedInterpretationEnabled(false)
        .build());
    jinjava.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "env_var", TemplateFunctions.class, "envVar", String.class, Object[].class));
    jinjava.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "var", TemplateFunctions.class, "var", String.class, Object[].class));
    jinjava.getGlobalContext().registerFunction(
        new ELFunctionDefinition("", "secret", TemplateFunctions.class, "secret", String.class));
    return jinjava;
  }

  /** Renders every templated scalar below {@code node}; problems are added, not thrown. */
  public YNode render(YNode node, String path, Problems problems) {
    if (node instanceof YMap map) {
      Map<String, YEntry> out = new LinkedHashMap<>();
      for (YEntry e : map.entries().values()) {
        out.put(e.key(), new YEntry(e.key(), e.keyLocation(), render(e.value(), path.isEmpty() ? e.key() : path + "." + e.key(), problems)));
      }
      return new YMap(map.location(), out);
    }
    if (node instanceof YSeq seq) {
      List<YNode> items = new ArrayList<>();
      for (int i = 0; i < seq.items().size(); i++) {
        items.add(render(seq.items().get(i), path + "[" + i + "]", problems));
      }
      return new YSeq(seq.location(), items);
    }
    if (node instanceof YScalar scalar && scalar.kind() == YScalar.Kind.STRING && isTemplate(scalar.text())) {
      return renderScalar(scalar, path, problems);
    }
    return node;
  }

  /** Renders a single string; for values outside YAML documents (e.g. CLI options). */
  public String renderString(String text) throws TemplateFunctions.UndefinedVariableException {
    Problems problems = new Problems();
    YNode out = renderScalar(YScalar.string(io.mbt.compiler.error.Location.UNKNOWN, text), "", problems);
    if (problems.hasErrors()) {
      CompileProblem p = problems.all().get(0);
      throw new TemplateFunctions.UndefinedVariableException(p.message(), p.hint());
    }
    return ((YScalar) out).text();
  }

  public static boolean isTemplate(String text) {
    return text.contains("{{") || text.contains("{%") || text.contains("{#");
  }

  private YNode renderScalar(YScalar scalar, String path, Problems problems) {
    TemplateFunctions.ACTIVE.set(active);
    RenderResult result;
    try {
      result = JINJAVA.renderForResult(scalar.text(), Map.of());
    } catch (RuntimeException e) {
      problems.add(problemFor(scalar, path, rootCause(e)));
      return scalar;
    } finally {
      TemplateFunctions.ACTIVE.remove();
    }
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        Throwable cause = error.getException() == null ? null : rootCause(error.getException());
        if (cause instanceof TemplateFunctions.UndefinedVariableException u) {
          problems.add(CompileProblem.error(ErrorCode.UNDEFINED_VARIABLE, scalar.location(), path, u.getMessage(), u.hint()));
        } else {
          problems.add(CompileProblem.error(ErrorCode.TEMPLATE_ERROR, scalar.location(), path,
              "template error in '" + scalar.text() + "': " + cleanMessage(error.getMessage()),
              "available functions: env_var('KEY'[, 'default']), var('name'[, 'default']), secret('key')"));
        }
        return scalar;
      }
    }
    String text = SecretRef.toReferences(result.getOutput());
    return new YScalar(scalar.location(), text, kindOf(text, scalar.text()));
  }

  private CompileProblem problemFor(YScalar scalar, String path, Throwable cause) {
    if (cause instanceof TemplateFunctions.UndefinedVariableException u) {
      return CompileProblem.error(ErrorCode.UNDEFINED_VARIABLE, scalar.location(), path, u.getMessage(), u.hint());
    }
    return CompileProblem.error(ErrorCode.TEMPLATE_ERROR, scalar.location(), path,
        "template error in '" + scalar.text() + "': " + cleanMessage(String.valueOf(cause.getMessage())),
        "available functions: env_var('KEY'[, 'default']), var('name'[, 'default']), secret('key')");
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof TemplateFunctions.UndefinedVariableException) {
        break;
      }
      cause = cause.getCause();
    }
    return cause;
  }

  private static String cleanMessage(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s+", " ").trim();
  }

  /** A value that came out of a template is typed like YAML types a plain scalar; secrets stay strings. */
  private static YScalar.Kind kindOf(String rendered, String source) {
    if (SecretRef.containsReference(rendered)) {
      return YScalar.Kind.STRING;
    }
    String t = rendered.trim();
    if (INT.matcher(t).matches()) {
      return YScalar.Kind.INT;
    }
    if (FLOAT.matcher(t).matches()) {
      return YScalar.Kind.FLOAT;
    }
    if (t.equals("true") || t.equals("false") || t.equals("True") || t.equals("False")) {
      return YScalar.Kind.BOOL;
    }
    if (t.isEmpty() || t.equals("null") || t.equals("~") || t.equals("None")) {
      return YScalar.Kind.NULL;
    }
    return YScalar.Kind.STRING;
  }

  public Set<String> varsUsed() {
    return Set.copyOf(active.varsUsed);
  }

  public Set<String> envVarsUsed() {
    return Set.copyOf(active.envVarsUsed);
  }

  public Set<String> secretsUsed() {
    return Set.copyOf(active.secretsUsed);
  }

  public TemplateContext context() {
    return context;
  }
}
