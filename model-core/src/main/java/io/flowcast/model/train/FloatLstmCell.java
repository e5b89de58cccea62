package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * The LSTM of {@link LstmCell} (its javadoc holds the forward and backward equations), gate blocks
 * i, f, g, o, in float with the step engine's {@link io.flowcast.model.step.FastActivations}. One
 * code path for both LSTM kinds: the plain LSTM's peepholes are zero in {@link FloatLayer}, and its
 * peephole gradients are computed but never exported. {@code aux} keeps tanh(c_t).
 *
 * <p>Each loop runs over one sequence's H units and reads or writes each array at one offset, so
 * the JIT vectorises it (it does not vectorise a loop that stores to one array at one offset and
 * loads from it at another).
 */
final class FloatLstmCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return true;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    int batch = tape.batch;
    int hidden = tape.hidden;
    int columns = tape.columns;
    float[] a = tape.pre;
    float[] cPrev = tape.c[t];
    float[] cNext = tape.c[t + 1];
    float[] h = tape.h;
    float[] tanhC = tape.aux;
    float[] pI = weights.peepholeI;
    float[] pF = weights.peepholeF;
    float[] pO = weights.peepholeO;
    for (int b = 0; b < batch; b++) {
      int gi = (t * batch + b) * columns;
      int gf = gi + hidden;
      int gg = gf + hidden;
      int go = gg + hidden;
      int s = b * hidden;
      int row = t * batch * hidden + s;
      int hOut = row + batch * hidden;
      for (int j = 0; j < hidden; j++) {
        a[gi + j] = sigmoid(a[gi + j] + pI[j] * cPrev[s + j]);
      }
      for (int j = 0; j < hidden; j++) {
        a[gf + j] = sigmoid(a[gf + j] + pF[j] * cPrev[s + j]);
      }
      for (int j = 0; j < hidden; j++) {
        a[gg + j] = tanh(a[gg + j]);
      }
      for (int j = 0; j < hidden; j++) {
        cNext[s + j] = a[gf + j] * cPrev[s + j] + a[gi + j] * a[gg + j];
      }
      for (int j = 0; j < hidden; j++) {
        a[go + j] = sigmoid(a[go + j] + pO[j] * cNext[s + j]);
      }
      for (int j = 0; j < hidden; j++) {
        float tc = tanh(cNext[s + j]);
        tanhC[row + j] = tc;
        h[hOut + j] = a[go + j] * tc;
      }
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    int batch = tape.batch;
    int hidden = tape.hidden;
    int columns = tape.columns;
    float[] a = tape.pre;
    float[] d = tape.dPre;
    float[] cPrev = tape.c[t];
    float[] cNext = tape.c[t + 1];
    float[] tanhC = tape.aux;
    float[] dh = tape.dh;
    float[] dc = tape.dc;
    float[] pI = weights.peepholeI;
    float[] pF = weights.peepholeF;
    float[] pO = weights.peepholeO;
    float[] gpI = weights.gradPeepholeI;
    float[] gpF = weights.gradPeepholeF;
    float[] gpO = weights.gradPeepholeO;
    for (int b = 0; b < batch; b++) {
      int gi = (t * batch + b) * columns;
      int gf = gi + hidden;
      int gg = gf + hidden;
      int go = gg + hidden;
      int s = b * hidden;
      int row = t * batch * hidden + s;
      for (int j = 0; j < hidden; j++) {
        float i = a[gi + j];
        float f = a[gf + j];
        float g = a[gg + j];
        float o = a[go + j];
        float tc = tanhC[row + j];
        float cp = cPrev[s + j];
        float dhj = dh[s + j];
        float daO = dhj * tc * o * (1f - o);
        float dcNew = dc[s + j] + dhj * o * (1f - tc * tc) + daO * pO[j];
        float daI = dcNew * g * i * (1f - i);
        float daF = dcNew * cp * f * (1f - f);
        float daG = dcNew * i * (1f - g * g);
        dc[s + j] = dcNew * f + daI * pI[j] + daF * pF[j];
        dh[s + j] = 0f;
        gpI[j] += daI * cp;
        gpF[j] += daF * cp;
        gpO[j] += daO * cNext[s + j];
        d[gi + j] = daI;
        d[gf + j] = daF;
        d[gg + j] = daG;
        d[go + j] = daO;
      }
    }
  }
}
