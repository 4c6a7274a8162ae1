package io.mbt.compiler.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON mapping of MBT's contract files (manifest, run results): snake_case keys, empty
 * optionals left out, pretty-printed. Readers use the same mapper, so a record written is a
 * record read.
 */
public final class ManifestJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .addModule(new Jdk8Module())
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private ManifestJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** A record as an ordered JSON-like map, for step configs. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, LinkedHashMap.class);
  }

  public static <T> T fromMap(Map<String, Object> map, Class<T> type) {
    return MAPPER.convertValue(map, type);
  }
}
