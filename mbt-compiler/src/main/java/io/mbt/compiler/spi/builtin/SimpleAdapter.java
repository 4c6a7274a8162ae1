package io.mbt.compiler.spi.builtin;

import io.mbt.compiler.spi.AdapterDescriptor;
import io.mbt.compiler.spi.AdapterKind;
import io.mbt.compiler.spi.ConfigIssue;
import io.mbt.compiler.spi.ParamCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An adapter whose config is fully described by a parameter catalog. */
abstract class SimpleAdapter implements AdapterDescriptor {
  private final AdapterKind kind;
  private final String name;
  private final String implementationClass;
  private final String description;
  private final ParamCatalog catalog;
  private final Set<String> requirements;

  SimpleAdapter(AdapterKind kind, String name, String implementationClass, String description, ParamCatalog catalog, Set<String> requirements) {
    this.kind = kind;
    this.name = name;
    this.implementationClass = implementationClass;
    this.description = description;
    this.catalog = catalog;
    this.requirements = Set.copyOf(requirements);
  }

  @Override
  public AdapterKind kind() {
    return kind;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String implementationClass() {
    return implementationClass;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public List<ConfigIssue> validateConfig(Map<String, Object> config) {
    return catalog.validate(config, kind.singular() + " '" + name + "'");
  }

  @Override
  public Set<String> runtimeRequirements() {
    return requirements;
  }
}
