package io.mbt.mf.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON form every MF identity is hashed over: object keys sorted, no whitespace, UTF-8.
 * Two values that are equal as JSON trees have equal canonical bytes, whatever order their maps
 * were built in, so a digest never depends on how a request or bundle was assembled.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private CanonicalJson() {}

  /** The canonical text of {@code value} (maps, lists, strings, numbers, booleans, null, records). */
  public static String write(Object value) {
    try {
      // Through a tree first: a record's or map's keys are then sorted at every level alike.
      Object tree = MAPPER.convertValue(value, Object.class);
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot write canonical JSON of " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses JSON text into maps, lists and scalars. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readMap(String json) {
    try {
      Object value = MAPPER.readValue(json, Object.class);
      if (!(value instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("expected a JSON object, found " + (value == null ? "null" : value.getClass().getSimpleName()));
      }
      return (Map<String, Object>) value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The shared mapper: tolerant reading, sorted writing. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** {@code value} as a map of its JSON properties (for records). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(Object value) {
    return new LinkedHashMap<>(MAPPER.convertValue(value, Map.class));
  }
}
