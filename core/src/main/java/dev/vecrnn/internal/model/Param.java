package dev.vecrnn.internal.model;

import dev.vecrnn.spi.Parameter;

import java.util.Arrays;

/**
 * A named row-major weight matrix with a gradient of the same shape.
 *
 * <p>A <em>sparse</em> parameter (the input rows that one-hot tokens select) gets gradient only in
 * the rows {@link #touch touched} during a step; {@link #touchedRows()} lists them so that zeroing,
 * clipping and optimizers that may skip zero gradients do work proportional to the tokens seen,
 * not to the vocabulary.
 */
public final class Param implements Parameter {
    private final String name;
    private final int rows;
    private final int cols;
    private final float[] w;
    private final float[] g;
    private final boolean[] touched;
    private int[] touchedList;
    private int touchedCount;

    public Param(String name, int rows, int cols, boolean sparse) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + " has " + size + " elements, more than a Java array holds");
        }
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.w = new float[(int) size];
        this.g = new float[(int) size];
        this.touched = sparse ? new boolean[rows] : null;
        this.touchedList = sparse ? new int[Math.min(rows, 64)] : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public int size() {
        return w.length;
    }

    public float[] w() {
        return w;
    }

    public float[] g() {
        return g;
    }

    @Override
    public float[] weights() {
        return w;
    }

    @Override
    public float[] gradient() {
        return g;
    }

    @Override
    public boolean sparse() {
        return touched != null;
    }

    /** Records that row {@code r} of the gradient may be non-zero in this step. */
    public void touch(int r) {
        if (!touched[r]) {
            touched[r] = true;
            if (touchedCount == touchedList.length) {
                touchedList = Arrays.copyOf(touchedList, Math.min(rows, touchedCount * 2));
            }
            touchedList[touchedCount++] = r;
        }
    }

    /**
     * The rows whose gradient may be non-zero in this step, in ascending order, or null when the
     * whole gradient is dense.
     */
    @Override
    public int[] touchedRows() {
        if (touched == null) {
            return null;
        }
        int[] r = Arrays.copyOf(touchedList, touchedCount);
        Arrays.sort(r);
        return r;
    }

    /** Clears the gradient (only the touched rows of a sparse parameter) for the next step. */
    public void zeroGrad() {
        if (touched == null) {
            Arrays.fill(g, 0f);
            return;
        }
        for (int i = 0; i < touchedCount; i++) {
            int r = touchedList[i];
            Arrays.fill(g, r * cols, (r + 1) * cols, 0f);
            touched[r] = false;
        }
        touchedCount = 0;
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]";
    }
}
