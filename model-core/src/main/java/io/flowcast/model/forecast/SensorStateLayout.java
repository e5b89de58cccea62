package io.flowcast.model.forecast;

import io.flowcast.model.step.StateLayout;

/**
 * Where everything a sensor needs between windows lies in its one flat {@code float[]}, the value
 * of its keyed state:
 *
 * <pre>
 *   [0, R)              recurrent state, as {@link StateLayout} (h per layer, then c per layer)
 *   [R, R+3)            running mean and variance of the window values ({@link ExponentialStats})
 *   [R+3, R+3+S)        the normalised residuals' statistics and one-step interval calibration ({@link AnomalyScorer}, S floats)
 *   [.., +horizon)      the last forecasts, in the sensor's units; NaN when there are none
 *   [.., +K)            the intervals' calibration beyond one step ({@link HorizonCalibration}, K floats, none for horizon 1)
 *   [.., +C)            with the online correction on, its block ({@link ForecastCorrection}, C floats)
 *   [.., +W)            with fine-tuning on, the sensor's recent encoded windows ({@link WindowHistory}, W floats)
 *   [.., +N)            with level novelty on, its block ({@link LevelNovelty#size}, N floats), last
 * </pre>
 *
 * <p>The level novelty's block is last because it shrinks: once its warm-up has ended it needs
 * {@link LevelNovelty#WARMED_UP_SIZE} floats, not the warm-up's values, and the forecaster then
 * hands the sensor a state array cut to {@link #warmedUpSize()}. A state of this layout is either
 * length ({@link SensorForecaster#fits}, which also checks the warm-up a cut block was cut after).
 *
 * @param recurrentSize R, floats of recurrent state per sensor
 * @param horizon forecasts kept per sensor
 * @param historySteps recent windows kept for training samples, 0 without fine-tuning
 * @param correction whether the sensor's forecasts are recalibrated online ({@link ForecastCorrection})
 * @param levelWarmUpWindows the level novelty's warm-up ({@link LevelNovelty}), 0 without level novelty
 */
public record SensorStateLayout(
    int recurrentSize, int horizon, int historySteps, boolean correction, int levelWarmUpWindows) {

  /** A layout without window history, correction or level novelty. */
  public SensorStateLayout(int recurrentSize, int horizon) {
    this(recurrentSize, horizon, 0, false, 0);
  }

  /** A layout without correction or level novelty. */
  public SensorStateLayout(int recurrentSize, int horizon, int historySteps) {
    this(recurrentSize, horizon, historySteps, false, 0);
  }

  /** Whether the sensor's levels are scored for novelty. */
  public boolean levelNovelty() {
    return levelWarmUpWindows > 0;
  }

  public int normalizationOffset() {
    return recurrentSize;
  }

  public int residualOffset() {
    return recurrentSize + ExponentialStats.SIZE;
  }

  public int forecastOffset() {
    return residualOffset() + AnomalyScorer.SIZE;
  }

  /** Start of the intervals' calibration beyond one step (empty for horizon 1). */
  public int calibrationOffset() {
    return forecastOffset() + horizon;
  }

  /** Start of the online correction's block, if any. */
  public int correctionOffset() {
    return calibrationOffset() + HorizonCalibration.size(horizon);
  }

  /** Start of the window history, if any. */
  public int historyOffset() {
    return correctionOffset() + (correction ? ForecastCorrection.size(horizon) : 0);
  }

  /** Start of the level novelty's block, if any. */
  public int levelNoveltyOffset() {
    return historyOffset() + (historySteps == 0 ? 0 : WindowHistory.size(historySteps));
  }

  /** Floats of the level novelty's block ({@link LevelNovelty#size}), 0 without level novelty. */
  public int levelNoveltySize() {
    return levelNovelty() ? LevelNovelty.size(levelWarmUpWindows) : 0;
  }

  /** Floats per sensor (during the level novelty's warm-up, with it). */
  public int size() {
    return levelNoveltyOffset() + levelNoveltySize();
  }

  /** Floats per sensor once the level novelty's warm-up has ended: {@link #size()} without it. */
  public int warmedUpSize() {
    return levelNovelty() ? levelNoveltyOffset() + LevelNovelty.WARMED_UP_SIZE : size();
  }

  /**
   * Bytes of one sensor's state as Flink serialises it (a length prefix and raw floats), during the
   * level novelty's warm-up if it is on.
   */
  public int serializedBytes() {
    return Integer.BYTES + Float.BYTES * size();
  }
}
