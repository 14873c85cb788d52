package dev.vecrnn.optimizers;

import dev.vecrnn.spi.VectorOps;
import dev.vecrnn.spi.Parameter;

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
    void update(Parameter p, float lr, VectorOps k) {
        float[] w = p.weights();
        float[] g = p.gradient();
        float[] m = slot(p, MEM);
        forTouched(p, (off, n) -> k.adagrad(w, g, m, off, n, lr, eps));
    }

    @Override
    void updateBlock(Parameter p, float lr, int off, float[] g, int gOff, int n, VectorOps k) {
        k.adagradBlock(p.weights(), slot(p, MEM), off, g, gOff, n, lr, eps);
    }
}
