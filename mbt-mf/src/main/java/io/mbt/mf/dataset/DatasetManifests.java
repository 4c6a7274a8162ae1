package io.mbt.mf.dataset;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.mbt.mf.identity.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dataset manifests as bytes: written once (pretty, keys sorted), read strictly, named by their digest. */
public final class DatasetManifests {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private DatasetManifests() {}

  public static byte[] write(DatasetManifest manifest) {
    try {
      return (MAPPER.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a dataset manifest: " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a dataset manifest; the message names the field
   */
  public static DatasetManifest read(byte[] bytes, String uri) {
    try {
      return MAPPER.readValue(bytes, DatasetManifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(uri + " is not a dataset manifest: " + e.getOriginalMessage() + " (written by 'mbt dataset pin')", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(uri + " cannot be read as a dataset manifest: " + e.getMessage(), e);
    }
  }

  /** The digest a proof binds to: the tables' names, ids, versions and file digests. */
  public static String tablesDigest(List<DatasetManifest.PinnedTable> tables) {
    List<Map<String, Object>> pins = tables.stream().map(t -> {
      Map<String, Object> pin = new LinkedHashMap<>();
      pin.put("name", t.name());
      pin.put("delta_table_id", t.deltaTableId());
      pin.put("version", t.version());
      pin.put("files_digest", t.filesDigest());
      return pin;
    }).sorted((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name")))).toList();
    return Digests.tagged("mf_dataset_tables_v1", pins);
  }
}
