package dev.vecrnn.optimizers;

import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.Parameter;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as torch.optim.Adam:
 * {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g; w -= lr * mHat / (sqrt(vHat) + eps)} with
 * {@code mHat = m/(1-b1^t), vHat = v/(1-b2^t)}. With {@code weightDecay > 0} it is AdamW
 * (Loshchilov and Hutter 2019, torch.optim.AdamW): {@code w -= lr*wd*w} before the Adam step,
 * decoupled from the moments. Every element moves even with a zero gradient, so updates are
 * dense.
 */
public final class Adam extends SlottedOptimizer {
    static final String M = "m";
    static final String V = "v";
    private final float beta1;
    private final float beta2;
    private final double eps;
    private final double weightDecay;
    private float lrT;
    private float epsT;
    private float wdLr;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        super("adam", List.of(M, V));
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    void beginStep(float lr, long step) {
        // The bias corrections, folded into the step size and eps (see VectorOps.adam), use the
        // float betas the kernel decays the moments with, so that m/(1-b1^t) stays a true average.
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = Math.sqrt(1 - Math.pow(beta2, step));
        lrT = (float) (lr * c2 / c1);
        epsT = (float) (eps * c2);
        wdLr = (float) (lr * weightDecay);
    }

    @Override
    void update(Parameter p, float lr, VectorOps k) {
        k.adam(p.weights(), p.gradient(), slot(p, M), slot(p, V), 0, p.size(), beta1, beta2, lrT, epsT, wdLr);
    }

    @Override
    void updateBlock(Parameter p, float lr, int off, float[] g, int gOff, int n, VectorOps k) {
        k.adamBlock(p.weights(), slot(p, M), slot(p, V), off, g, gOff, n, beta1, beta2, lrT, epsT, wdLr);
    }
}
