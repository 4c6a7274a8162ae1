package io.mbt.compiler.resolve;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.yaml.YEntry;
import io.mbt.compiler.yaml.YInclude;
import io.mbt.compiler.yaml.YMap;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YSeq;
import io.mbt.compiler.yaml.YScalar;
import io.mbt.compiler.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Replaces {@code !include path} with the content of the fragment file. Paths are relative to the
 * project root and must stay inside it; includes may nest, but not in a cycle.
 */
public final class IncludeResolver {
  private final Path projectRoot;
  private final SourceFiles sources;

  public IncludeResolver(Path projectRoot, SourceFiles sources) {
    this.projectRoot = projectRoot.toAbsolutePath().normalize();
    this.sources = sources;
  }

  /** Resolves every include below {@code node}; {@code file} is the file {@code node} came from. */
  public YNode resolve(YNode node, Path file) {
    Deque<Path> stack = new ArrayDeque<>();
    stack.push(file.toAbsolutePath().normalize());
    return resolve(node, stack);
  }

  private YNode resolve(YNode node, Deque<Path> stack) {
    if (node instanceof YInclude include) {
      return load(include, stack);
    }
    if (node instanceof YMap map) {
      Map<String, YEntry> out = new LinkedHashMap<>();
      for (YEntry e : map.entries().values()) {
        out.put(e.key(), new YEntry(e.key(), e.keyLocation(), resolve(e.value(), stack)));
      }
      return new YMap(map.location(), out);
    }
    if (node instanceof YSeq seq) {
      List<YNode> items = new ArrayList<>();
      for (YNode item : seq.items()) {
        items.add(resolve(item, stack));
      }
      return new YSeq(seq.location(), items);
    }
    return node;
  }

  private YNode load(YInclude include, Deque<Path> stack) {
    Path target = projectRoot.resolve(include.path()).normalize();
    if (!target.startsWith(projectRoot) || !insideAfterLinks(target)) {
      throw new CompileException(CompileProblem.error(ErrorCode.INCLUDE_OUTSIDE_PROJECT, include.location(), "",
          "!include '" + include.path() + "' points outside the project root " + projectRoot,
          "keep shared fragments inside the project, e.g. in includes/, and write the path relative to the project root"));
    }
    if (!Files.isRegularFile(target)) {
      throw new CompileException(CompileProblem.error(ErrorCode.INCLUDE_NOT_FOUND, include.location(), "",
          "!include '" + include.path() + "': no such file (looked for " + sources.display(target) + ")",
          "write the path relative to the project root, e.g. '!include includes/telecom_schema.yaml'"));
    }
    if (stack.contains(target)) {
      List<Path> chain = new ArrayList<>(stack);
      java.util.Collections.reverse(chain);
      chain.add(target);
      throw new CompileException(CompileProblem.error(ErrorCode.INCLUDE_CYCLE, include.location(), "",
          "include cycle: " + chain.stream().map(sources::display).collect(Collectors.joining(" -> ")),
          "remove one of the !include directives so the fragments no longer include each other"));
    }
    YNode content = sources.read(target);
    if (content instanceof YScalar s && s.isNull()) {
      throw new CompileException(CompileProblem.error(ErrorCode.INCLUDE_NOT_FOUND, include.location(), "",
          "!include '" + include.path() + "' is empty", "put the YAML fragment in the file"));
    }
    stack.push(target);
    try {
      return resolve(content, stack);
    } finally {
      stack.pop();
    }
  }

  private boolean insideAfterLinks(Path target) {
    try {
      return !Files.exists(target) || target.toRealPath().startsWith(projectRoot.toRealPath());
    } catch (IOException e) {
      return true; // the existence check below reports an unreadable file
    }
  }

  /** Reads files once per compilation and names them relative to the project root in messages. */
  public static final class SourceFiles {
    private final Path projectRoot;
    private final Map<Path, YNode> cache = new LinkedHashMap<>();

    public SourceFiles(Path projectRoot) {
      this.projectRoot = projectRoot.toAbsolutePath().normalize();
    }

    public YNode read(Path file) {
      Path key = file.toAbsolutePath().normalize();
      YNode cached = cache.get(key);
      if (cached == null) {
        cached = YamlReader.readFile(key, display(key));
        cache.put(key, cached);
      }
      return cached;
    }

    public String display(Path file) {
      Path abs = file.toAbsolutePath().normalize();
      return abs.startsWith(projectRoot) ? projectRoot.relativize(abs).toString() : abs.toString();
    }

    /** Every file read so far, for digests in the manifest. */
    public List<Path> files() {
      return List.copyOf(cache.keySet());
    }
  }
}
