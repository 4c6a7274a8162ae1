package io.mbt.mf.race;

/** Prints how long a test's phases take (child start-up, lease expiry, resume), to show where its wall time goes. */
final class Phases {
  private final String test;
  private final long start = System.nanoTime();

  Phases(String test) {
    this.test = test;
  }

  void mark(String what) {
    System.out.printf("%s: %s at +%d ms%n", test, what, (System.nanoTime() - start) / 1_000_000);
  }
}
