package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;

import java.util.List;

/**
 * The seed's Adagrad: {@code mem += g*g; w -= lr * g / sqrt(mem + eps)} (eps inside the root,
 * unlike torch.optim.Adagrad). A zero gradient changes neither mem nor w, so a sparse parameter
 * is updated only in its touched rows, with the same result as a dense update.
 */
public final class Adagrad extends SlottedOptimizer {
    static final String MEM = "mem";
    private final float eps;

    public Adagrad(double eps) {
        super("adagrad", List.of(MEM));
        this.eps = (float) eps;
    }

    @Override
    void update(Param p, float lr, Kernels k) {
        float[] w = p.w();
        float[] g = p.g();
        float[] m = slot(p, MEM);
        forTouched(p, (off, n) -> k.adagrad(w, g, m, off, n, lr, eps));
    }

    @Override
    void updateBlock(Param p, float lr, int off, float[] g, int gOff, int n, Kernels k) {
        k.adagradBlock(p.w(), slot(p, MEM), off, g, gOff, n, lr, eps);
    }
}
