package io.mbt.mf.race;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The S3-compatible server {@code scripts/s3-server.sh start} runs (conditional writes, so
 * ExclusiveS3LogStore excludes writers of other processes), found as ExclusiveS3LogStoreTest finds
 * it: through {@code MBT_S3_ENDPOINT}, {@code MBT_S3_ACCESS_KEY} and {@code MBT_S3_SECRET_KEY}.
 */
record S3Server(String endpoint, String accessKey, String secretKey) {
  static final String BUCKET = "mbt-mf-race-test";

  /** The server the environment names, if it names one. */
  static Optional<S3Server> fromEnvironment() {
    String endpoint = System.getenv("MBT_S3_ENDPOINT");
    if (endpoint == null || endpoint.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new S3Server(endpoint, System.getenv().getOrDefault("MBT_S3_ACCESS_KEY", "mbt-test"),
        System.getenv().getOrDefault("MBT_S3_SECRET_KEY", "mbt-test-secret")));
  }

  /** What a child's SparkSession needs to use s3a against it (STACK.md, "s3a against a local S3 server"). */
  Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
    conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    conf.put("spark.hadoop.fs.s3a.change.detection.mode", "none");
    conf.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("spark.hadoop.fs.s3a.access.key", accessKey);
    conf.put("spark.hadoop.fs.s3a.secret.key", secretKey);
    return conf;
  }

  /** A new, empty MF root in the test bucket (created if needed). */
  String newMfRoot() {
    AmazonS3 s3 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey)))
        .build();
    if (!s3.doesBucketExistV2(BUCKET)) {
      s3.createBucket(BUCKET);
    }
    return "s3a://" + BUCKET + "/" + UUID.randomUUID() + "/mf";
  }
}
