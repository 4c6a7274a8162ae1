package io.mbt.steps.delta;

import com.amazonaws.services.s3.AmazonS3;
import io.mbt.steps.StepsErrors;
import io.mbt.steps.config.ConfigKey;
import io.mbt.steps.storage.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.Constants;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.hadoop.fs.s3a.S3ClientFactory;
import org.apache.hadoop.util.ReflectionUtils;

/** Builds the SDK client of {@link ExclusiveS3LogStore} the way S3A builds its own. */
final class S3Clients {
  static final ConfigKey<Integer> CONFLICT_MAX_ATTEMPTS =
      ConfigKey.integer(
          "mbt.delta.s3.conflict.max_attempts", 5, 1,
          "Attempts in all for a conditional PUT of a Delta log file that S3 answers with 409"
              + " (another conditional write of the key in flight).");
  static final ConfigKey<Long> CONFLICT_INITIAL_BACKOFF_MS =
      ConfigKey.longInteger(
          "mbt.delta.s3.conflict.initial_backoff_ms", 50L, 0L,
          "Wait in milliseconds after the first 409; doubles per attempt.");
  static final ConfigKey<Long> CONFLICT_MAX_BACKOFF_MS =
      ConfigKey.longInteger(
          "mbt.delta.s3.conflict.max_backoff_ms", 1000L, 0L,
          "Longest wait in milliseconds between two conditional PUT attempts.");

  /** Every key {@link #conflictRetry} reads. */
  static final List<ConfigKey<?>> KEYS =
      List.of(CONFLICT_MAX_ATTEMPTS, CONFLICT_INITIAL_BACKOFF_MS, CONFLICT_MAX_BACKOFF_MS);

  private S3Clients() {}

  static S3ConditionalPuts conditionalPuts(S3AFileSystem fs) throws IOException {
    Configuration conf = S3AUtils.propagateBucketOptions(fs.getConf(), fs.getBucket());
    URI uri = fs.getUri();
    String endpoint = conf.getTrimmed(Constants.ENDPOINT, Constants.DEFAULT_ENDPOINT);
    S3ClientFactory.S3ClientCreationParameters parameters =
        new S3ClientFactory.S3ClientCreationParameters()
            .withCredentialSet(S3AUtils.createAWSCredentialProviderSet(uri, conf))
            .withEndpoint(endpoint)
            .withPathStyleAccess(conf.getBoolean(Constants.PATH_STYLE_ACCESS, false))
            .withUserAgentSuffix("mbt-exclusive-s3-logstore");
    Class<? extends S3ClientFactory> factoryClass =
        conf.getClass(Constants.S3_CLIENT_FACTORY_IMPL, Constants.DEFAULT_S3_CLIENT_FACTORY_IMPL, S3ClientFactory.class);
    AmazonS3 s3 = ReflectionUtils.newInstance(factoryClass, conf).createS3Client(uri, parameters);
    return new S3ConditionalPuts(s3, uri.getScheme(), endpoint, conflictRetry(conf), S3ConditionalPuts.Sleeper.REAL);
  }

  /** The 409 retry policy from {@link #KEYS} in {@code conf}; absent keys take their defaults. */
  static RetryPolicy conflictRetry(Configuration conf) {
    Map<String, String> values = new HashMap<>();
    for (ConfigKey<?> key : KEYS) {
      String value = conf.get(key.key());
      if (value != null) {
        values.put(key.key(), value);
      }
    }
    long initial = CONFLICT_INITIAL_BACKOFF_MS.read(values);
    long max = CONFLICT_MAX_BACKOFF_MS.read(values);
    if (max < initial) {
      throw StepsErrors.invalidConfigValue(
          CONFLICT_MAX_BACKOFF_MS.key(), Long.toString(max),
          ">= " + CONFLICT_INITIAL_BACKOFF_MS.key() + " (" + initial + ")");
    }
    return new RetryPolicy(CONFLICT_MAX_ATTEMPTS.read(values), Duration.ofMillis(initial), Duration.ofMillis(max));
  }
}
