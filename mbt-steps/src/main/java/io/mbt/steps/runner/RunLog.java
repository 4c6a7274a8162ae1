package io.mbt.steps.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mbt.steps.api.StepLog;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs (blueprint §13.1): one JSON object per line with ts, level, pipeline, step,
 * run_id, target and event, appended to {@code logs/<pipeline>/<run_id>.jsonl}; the console gets
 * a human progress line per step (or the JSON lines, with {@code logging.format: json}).
 */
public final class RunLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String pipeline;
  private final String runId;
  private final String target;
  private final Writer file;
  private final PrintStream console;
  private final boolean consoleJson;

  public RunLog(String pipeline, String runId, String target, Path logFile, PrintStream console, boolean consoleJson) {
    this.pipeline = pipeline;
    this.runId = runId;
    this.target = target;
    this.console = console;
    this.consoleJson = consoleJson;
    try {
      Files.createDirectories(logFile.getParent());
      this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open log file " + logFile + ": " + e.getMessage(), e);
    }
  }

  public synchronized void event(String level, String step, String event, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("level", level);
    line.put("pipeline", pipeline);
    line.put("step", step);
    line.put("run_id", runId);
    line.put("target", target);
    line.put("event", event);
    line.putAll(fields);
    String text;
    try {
      text = JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      text = "{\"level\":\"" + level + "\",\"event\":\"" + event + "\",\"error\":\"unserializable fields\"}";
    }
    try {
      file.write(text);
      file.write('\n');
      file.flush();
    } catch (IOException e) {
      console.println("warning: cannot write log file: " + e.getMessage());
    }
    if (consoleJson) {
      console.println(text);
    }
  }

  /** A human line on the console (suppressed in JSON console mode, where events carry it). */
  public void progress(String text) {
    if (!consoleJson) {
      console.println(text);
    }
  }

  public StepLog forStep(String step) {
    return new StepLog() {
      @Override
      public void info(String event, Map<String, ?> fields) {
        RunLog.this.event("INFO", step, event, fields);
      }

      @Override
      public void warn(String event, Map<String, ?> fields) {
        RunLog.this.event("WARN", step, event, fields);
        progress("  warning [" + step + "] " + event + (fields.isEmpty() ? "" : " " + fields));
      }
    };
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      // closing a log file cannot change the run's outcome
    }
  }
}
