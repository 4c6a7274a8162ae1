package io.mbt.compiler.yaml;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.CompileProblem;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Location;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML into a {@link YNode} tree that keeps line and column of every value. Uses
 * SnakeYAML's composer (the node graph, before Java objects are built), so positions and custom
 * tags like {@code !include} survive.
 */
public final class YamlReader {
  public static final String INCLUDE_TAG = "!include";
  private static final int MAX_DEPTH = 200;
  private static final int MAX_BYTES = 16 * 1024 * 1024;
  private static final long ALIAS_EXPANSION_SLACK = 100_000;

  private YamlReader() {}

  /** Reads a file; {@code displayName} is how errors name it (usually the path relative to the project). */
  public static YNode readFile(Path file, String displayName) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CompileException(CompileProblem.error(ErrorCode.FILE_UNREADABLE, new Location(displayName, 0, 0), "",
            "file is larger than " + (MAX_BYTES >> 20) + " MiB; a pipeline file should be small", "split it with !include fragments"));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CompileException(CompileProblem.error(ErrorCode.FILE_NOT_FOUND, new Location(displayName, 0, 0), "",
          "file not found", "check the path; it is resolved relative to the project root"));
    } catch (MalformedInputException e) {
      throw new CompileException(CompileProblem.error(ErrorCode.FILE_UNREADABLE, new Location(displayName, 0, 0), "",
          "file is not valid UTF-8 text", "save the file as UTF-8"));
    } catch (IOException e) {
      throw new CompileException(CompileProblem.error(ErrorCode.FILE_UNREADABLE, new Location(displayName, 0, 0), "",
          "cannot read file: " + e.getMessage(), "check the file's permissions"));
    }
    return read(text, displayName);
  }

  /** Parses one YAML document. An empty document is an empty mapping. */
  public static YNode read(String text, String displayName) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both positions
    options.setMaxAliasesForCollections(100);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    Yaml yaml = new Yaml(options);
    List<Node> documents = new ArrayList<>();
    try {
      for (Node node : yaml.composeAll(new StringReader(text))) {
        documents.add(node);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location where = mark == null ? new Location(displayName, 0, 0) : new Location(displayName, mark.getLine() + 1, mark.getColumn() + 1);
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, where, "", "invalid YAML: " + problem + context,
          "check indentation (spaces, not tabs), colons after keys and matching quotes near this position"));
    } catch (YAMLException e) {
      throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, new Location(displayName, 0, 0), "",
          "invalid YAML: " + e.getMessage(), "check the file's YAML syntax"));
    }
    if (documents.size() > 1) {
      Mark mark = documents.get(1).getStartMark();
      throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, at(displayName, mark), "",
          "file holds " + documents.size() + " YAML documents; expected exactly one",
          "remove the '---' separator: one pipeline per file"));
    }
    if (documents.isEmpty()) {
      return YMap.empty(new Location(displayName, 1, 1));
    }
    List<CompileProblem> problems = new ArrayList<>();
    // Without aliases a document has at most one value per character; the slack admits modest alias reuse.
    long budget = text.length() + ALIAS_EXPANSION_SLACK;
    YNode root = new Converter(displayName, problems, budget).convert(documents.get(0), 0);
    if (!problems.isEmpty()) {
      throw new CompileException(problems);
    }
    return root;
  }

  private static Location at(String file, Mark mark) {
    return mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static final class Converter {
    private final String file;
    private final List<CompileProblem> problems;
    private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
    private final long budget;
    private long converted;

    Converter(String file, List<CompileProblem> problems, long budget) {
      this.file = file;
      this.problems = problems;
      this.budget = budget;
    }

    YNode convert(Node node, int depth) {
      Location location = at(file, node.getStartMark());
      // Every alias is expanded into a copy; nested aliases of aliases grow exponentially ("billion laughs").
      if (++converted > budget) {
        throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, location, "",
            "YAML aliases expand to more than " + budget + " values; anchors and aliases nest too deeply",
            "use anchors for small shared fragments only, or move shared sections to !include files"));
      }
      if (depth > MAX_DEPTH) {
        throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, location, "",
            "YAML nesting is deeper than " + MAX_DEPTH + " levels", "flatten the document"));
      }
      if (onPath.containsKey(node)) {
        throw new CompileException(CompileProblem.error(ErrorCode.YAML_SYNTAX, location, "",
            "recursive YAML alias: this anchor contains itself", "remove the alias that refers to its own anchor"));
      }
      String tag = node.getTag().getValue();
      if (INCLUDE_TAG.equals(tag)) {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
          throw new CompileException(CompileProblem.error(ErrorCode.INCLUDE_NOT_FOUND, location, "",
              "!include needs a file path, e.g. '!include includes/data_source.yaml'", "write the path right after !include"));
        }
        return new YInclude(location, scalar.getValue().trim());
      }
      onPath.put(node, Boolean.TRUE);
      try {
        if (node instanceof MappingNode mapping) {
          return convertMapping(mapping, location, depth);
        }
        if (node instanceof SequenceNode sequence) {
          List<YNode> items = new ArrayList<>();
          for (Node item : sequence.getValue()) {
            items.add(convert(item, depth + 1));
          }
          return new YSeq(location, items);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YScalar(location, scalar.getValue(), kindOf(scalar));
      } finally {
        onPath.remove(node);
      }
    }

    private YNode convertMapping(MappingNode mapping, Location location, int depth) {
      Map<String, YEntry> entries = new LinkedHashMap<>();
      Map<String, YEntry> merged = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        Location keyLocation = at(file, keyNode.getStartMark());
        if (keyNode.getTag().equals(Tag.MERGE)) {
          // YAML merge key '<<': keys of the referenced mapping(s) apply unless set here.
          YNode source = convert(tuple.getValueNode(), depth + 1);
          List<YNode> sources = source instanceof YSeq seq ? seq.items() : List.of(source);
          for (YNode s : sources) {
            if (s instanceof YMap m) {
              m.entries().forEach(merged::putIfAbsent);
            } else {
              problems.add(CompileProblem.error(ErrorCode.WRONG_TYPE, s.location(), "",
                  "the merge key '<<' needs a mapping or a list of mappings, found " + s.describe(), "point '<<' at an anchored mapping"));
            }
          }
          continue;
        }
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(CompileProblem.error(ErrorCode.WRONG_TYPE, keyLocation, "",
              "mapping keys must be plain strings, found a " + (keyNode instanceof MappingNode ? "mapping" : "list") + " used as a key",
              "use a simple name before the colon"));
          continue;
        }
        String key = scalarKey.getValue();
        YEntry previous = entries.get(key);
        if (previous != null) {
          problems.add(CompileProblem.error(ErrorCode.DUPLICATE_KEY, keyLocation, "",
              "duplicate key '" + key + "' (first defined at line " + previous.keyLocation().line() + ")",
              "keep one of the two; YAML would silently use the last"));
          continue;
        }
        entries.put(key, new YEntry(key, keyLocation, convert(tuple.getValueNode(), depth + 1)));
      }
      merged.forEach(entries::putIfAbsent);
      return new YMap(location, entries);
    }

    private static YScalar.Kind kindOf(ScalarNode scalar) {
      Tag tag = scalar.getTag();
      if (tag.equals(Tag.INT)) {
        return YScalar.Kind.INT;
      }
      if (tag.equals(Tag.FLOAT)) {
        return YScalar.Kind.FLOAT;
      }
      if (tag.equals(Tag.BOOL)) {
        return YScalar.Kind.BOOL;
      }
      if (tag.equals(Tag.NULL)) {
        return YScalar.Kind.NULL;
      }
      return YScalar.Kind.STRING;
    }
  }
}
