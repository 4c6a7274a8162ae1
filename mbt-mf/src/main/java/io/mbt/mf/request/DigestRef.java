package io.mbt.mf.request;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A by-reference input: where it is and, once pinned, the sha256 of its bytes. A request whose
 * references carry no digest is pinned by {@code mbt mf request}, which fills them in.
 */
public record DigestRef(String uri, Optional<String> sha256) {
  public DigestRef {
    requireNonNull(uri, "uri is null");
    requireNonNull(sha256, "sha256 is null");
  }
}
