package io.mbt.compiler.model;

/**
 * A time window relative to {@code execution_date}: {@code offset} units away (negative is the
 * past), spanning {@code duration} units.
 */
public record Window(long offset, long duration, TimeUnit unit) {}
