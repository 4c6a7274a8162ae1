package io.mbt.compiler.manifest;

import io.mbt.compiler.model.DeploymentSpec;
import io.mbt.compiler.model.PipelineType;
import io.mbt.compiler.model.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who and what a manifest is for.
 *
 * @param pipelineDigest sha256 of the manifest's steps and DAG: equal digests, equal work
 * @param sources every YAML file the pipeline was compiled from, with its sha256
 * @param secretsReferenced keys of {@code secret()} references (never values)
 */
public record ManifestMetadata(
    String mbtVersion,
    int schemaVersion,
    String generatedAt,
    String pipelineName,
    PipelineType pipelineType,
    String projectName,
    String profile,
    String target,
    ProblemType problemType,
    String experimentName,
    Optional<String> owner,
    List<String> tags,
    DeploymentSpec deployment,
    Optional<String> executionDate,
    Map<String, String> vars,
    List<SourceFile> sources,
    String pipelineDigest,
    List<String> secretsReferenced) {

  public ManifestMetadata {
    tags = List.copyOf(tags);
    vars = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(vars));
    sources = List.copyOf(sources);
    secretsReferenced = List.copyOf(secretsReferenced);
  }

  public record SourceFile(String path, String sha256) {}
}
