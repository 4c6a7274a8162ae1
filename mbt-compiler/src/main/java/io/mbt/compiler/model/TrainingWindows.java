package io.mbt.compiler.model;

import java.util.Optional;

/**
 * {@code training.data_source.data_windows}: the label window (the test period, where labels
 * exist), the training period before it, and an optional feature look-back.
 */
public record TrainingWindows(Window labelWindow, Window trainWindow, Optional<Window> featureWindow) {}
