package io.mbt.steps.evaluation;

/** A point of a ROC or precision-recall curve, at the threshold that produced it. */
public record CurvePoint(double x, double y, double threshold) {}
