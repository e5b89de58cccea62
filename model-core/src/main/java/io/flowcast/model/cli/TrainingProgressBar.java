package io.flowcast.model.cli;

import io.flowcast.model.pretrain.EpochLoss;
import io.flowcast.model.pretrain.Pretrainer;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of {@code train} on stderr: a progress bar over all steps of all epochs
 * (me.tongfei:progressbar) showing the epoch, the last epoch's training and validation losses and
 * the ETA, and one line per finished epoch that stays.
 */
public final class TrainingProgressBar implements Pretrainer.Progress, AutoCloseable {
  private static final int WIDTH = 120;

  private final PrintWriter err;
  private ProgressBar bar;
  private int epochs;
  private int stepsPerEpoch;

  public TrainingProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void onStart(int totalEpochs, int steps) {
    this.epochs = totalEpochs;
    this.stepsPerEpoch = steps;
    bar = new ProgressBarBuilder()
        .setTaskName("train")
        .setInitialMax((long) totalEpochs * steps)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new DelegatingProgressBarConsumer(line -> {
          err.print('\r');
          err.print(line);
          err.flush();
        }, WIDTH))
        .build();
    bar.setExtraMessage("epoch 1/" + totalEpochs);
  }

  @Override
  public void onStep(int epoch, int step, double loss) {
    bar.stepTo((long) (epoch - 1) * stepsPerEpoch + step);
  }

  @Override
  public void onEpoch(EpochLoss loss) {
    String losses = String.format(Locale.ROOT, "train %.5f validation %.5f", loss.trainLoss(), loss.validationLoss());
    bar.stepTo((long) loss.epoch() * stepsPerEpoch);
    bar.setExtraMessage("epoch " + Math.min(loss.epoch() + 1, epochs) + "/" + epochs + " (last: " + losses + ")");
    bar.refresh();
    // over the bar's line, which the bar then draws again below it
    err.printf(Locale.ROOT, "\r%-" + WIDTH + "s%n", "epoch " + loss.epoch() + "/" + epochs + ": " + losses);
    err.flush();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      err.println();
      err.flush();
    }
  }
}
