package io.mbt.steps.evaluation;

/**
 * One bin of a reliability curve: the mean predicted probability of its rows and the share of
 * them that are positive.
 */
public record CalibrationBin(double lower, double upper, long count, double meanPredicted, double observedRate) {}
