package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/** One entry of {@code custom_transforms}: a SQL statement over {@code __THIS__}, or a user class. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CustomTransform.Sql.class, name = "sql"),
  @JsonSubTypes.Type(value = CustomTransform.UserClass.class, name = "class")
})
public sealed interface CustomTransform {
  String name();

  record Sql(String name, String sql) implements CustomTransform {}

  record UserClass(String name, String className, Map<String, Object> config) implements CustomTransform {}
}
