package dev.vecrnn.spi;

/**
 * A weight matrix of a model as an {@link Optimizer} sees it: its name (stable across runs, the
 * key of its optimizer state), its shape, its weights and its gradient, row-major arrays of
 * {@code rows * cols} floats. An optimizer updates {@link #weights()} in place from
 * {@link #gradient()}; it may overwrite the gradient, which is cleared after the step.
 *
 * <p>A <em>sparse</em> parameter (a token table, of which a step reads only the rows of the tokens
 * it saw) has gradient only in {@link #touchedRows()}; an optimizer for which a zero gradient
 * changes nothing may update just those rows.
 */
public interface Parameter {

    /** The parameter's name, such as {@code layer0.recurrent} or {@code output.weight}. */
    String name();

    int rows();

    int cols();

    /** {@code rows() * cols()}. */
    default int size() {
        return rows() * cols();
    }

    /** The weights, row-major; updated in place. */
    float[] weights();

    /** The gradient of this step, the shape of the weights. */
    float[] gradient();

    /** Whether only {@link #touchedRows()} may have a gradient. */
    boolean sparse();

    /** The rows whose gradient may be non-zero in this step, ascending; null when the gradient is dense. */
    int[] touchedRows();
}
