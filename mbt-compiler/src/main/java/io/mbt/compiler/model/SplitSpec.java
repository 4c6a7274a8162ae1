package io.mbt.compiler.model;

/** {@code training.data_source.split}: a random or stratified split for data without a time partition. */
public record SplitSpec(SplitMethod method, double testSize, long seed) {}
