package io.mbt.steps.delta;

import com.amazonaws.services.s3.AbstractAmazonS3;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.PutObjectResult;
import com.amazonaws.services.s3.model.S3Object;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory S3 bucket space for {@link S3ConditionalPuts}: PUT (honouring {@code If-None-Match:
 * *} as S3 does, unless told otherwise), GET and DELETE of objects, with failure injection.
 */
final class FakeS3 extends AbstractAmazonS3 {
  /** How the fake answers conditional PUTs. */
  enum Conditions { HONOURED, IGNORED, NOT_IMPLEMENTED }

  final Map<String, byte[]> objects = new TreeMap<>();
  final List<String> requests = new ArrayList<>();
  Conditions conditions = Conditions.HONOURED;
  int conflictsToAnswer;
  int createsWhoseAnswerIsLost;

  @Override
  public synchronized PutObjectResult putObject(PutObjectRequest request) {
    String name = request.getBucketName() + "/" + request.getKey();
    boolean conditional = "*".equals(request.getCustomRequestHeaders() == null ? null
        : request.getCustomRequestHeaders().get("If-None-Match"));
    requests.add((conditional ? "PUT-IF-ABSENT " : "PUT ") + name);
    byte[] content;
    try {
      content = request.getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (conditional && conditions == Conditions.NOT_IMPLEMENTED) {
      throw error(501, "NotImplemented");
    }
    if (conditional && conflictsToAnswer > 0) {
      conflictsToAnswer--;
      throw error(409, "ConditionalRequestConflict");
    }
    if (conditional && conditions == Conditions.HONOURED && objects.containsKey(name)) {
      throw error(412, "PreconditionFailed");
    }
    objects.put(name, content);
    if (conditional && createsWhoseAnswerIsLost > 0) {
      // The object is created, the answer lost; the SDK's retry of the same PUT is answered 412.
      createsWhoseAnswerIsLost--;
      throw error(412, "PreconditionFailed");
    }
    return new PutObjectResult();
  }

  @Override
  public synchronized S3Object getObject(String bucket, String key) {
    requests.add("GET " + bucket + "/" + key);
    byte[] content = objects.get(bucket + "/" + key);
    if (content == null) {
      throw error(404, "NoSuchKey");
    }
    S3Object object = new S3Object();
    object.setObjectContent(new ByteArrayInputStream(content));
    return object;
  }

  @Override
  public synchronized void deleteObject(String bucket, String key) {
    requests.add("DELETE " + bucket + "/" + key);
    objects.remove(bucket + "/" + key);
  }

  private static AmazonS3Exception error(int status, String code) {
    AmazonS3Exception e = new AmazonS3Exception(code + " (fake)");
    e.setStatusCode(status);
    e.setErrorCode(code);
    return e;
  }
}
