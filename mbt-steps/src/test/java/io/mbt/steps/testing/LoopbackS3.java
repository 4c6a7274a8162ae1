package io.mbt.steps.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The S3-compatible server with conditional writes that {@code scripts/s3-server.sh start} runs on
 * loopback (S3Proxy), found through the {@code MBT_S3_ENDPOINT}, {@code MBT_S3_ACCESS_KEY} and
 * {@code MBT_S3_SECRET_KEY} variables it prints; tests that need it are skipped without them.
 */
public record LoopbackS3(String endpoint, String accessKey, String secretKey) {
  /** Why a test needing the server was skipped, and how to start one. */
  public static final String HOW_TO_START = "Start a server with conditional writes and export what it prints: "
      + "eval \"$(scripts/s3-server.sh start | sed 's/^/export /')\"";

  /** The server the environment names, if it names one. */
  public static Optional<LoopbackS3> fromEnvironment() {
    String endpoint = System.getenv("MBT_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new LoopbackS3(endpoint, System.getenv().getOrDefault("MBT_S3_ACCESS_KEY", "mbt-test"),
        System.getenv().getOrDefault("MBT_S3_SECRET_KEY", "mbt-test-secret")));
  }

  /** Hadoop settings for s3a against it (STACK.md, "s3a against a local S3 server"). */
  public Map<String, String> hadoopConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint);
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put("fs.s3a.change.detection.mode", "none");
    conf.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("fs.s3a.access.key", accessKey);
    conf.put("fs.s3a.secret.key", secretKey);
    return conf;
  }

  /** The same settings for a SparkSession ({@code spark.hadoop.} prefixed). */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    hadoopConf().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    return conf;
  }

  /** An S3 client for setting up and inspecting buckets. */
  public AmazonS3 client() {
    return AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
        .build();
  }

  /** A client, with {@code bucket} created if it does not exist yet. */
  public AmazonS3 withBucket(String bucket) {
    AmazonS3 s3 = client();
    if (!s3.doesBucketExistV2(bucket)) {
      s3.createBucket(bucket);
    }
    return s3;
  }
}
