package dev.vecrnn.optimizers;

import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.Param;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.OptimizerState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sparse parameter (only its touched rows have a gradient) and a dense copy with the same
 * numbers end with bit-identical weights and state under every optimizer. Adagrad and plain
 * SGD get there by updating only the touched rows; the others by updating every row, which they
 * must because a zero gradient still moves their weights.
 */
class SparseDenseTest {
    private static final int ROWS = 40;
    private static final int COLS = 19; // not a multiple of any vector width: row blocks end in tails
    /** The rows each step touches; row 5 only in the first step, row 39 never. */
    private static final int[][] TOUCHED = {{0, 5, 7, 21}, {7, 8}, {0, 21, 33}, {8}, {2, 7, 30, 31}};

    static Stream<Arguments> cases() {
        return Steps.kernels().flatMap(k -> Steps.configurations()
                .map(c -> Arguments.of(c[0], c[1], k)));
    }

    /** Two parameters as a model has them: the sparse input table and a dense matrix. */
    private static List<Param> params(boolean sparse) {
        Param table = new Param("layer0.input", ROWS, COLS, sparse);
        Param dense = new Param("output.weight", 3, 11, false);
        Steps.randomize(table.w(), 1);
        Steps.randomize(dense.w(), 2);
        return List.of(table, dense);
    }

    private static void gradients(List<Param> ps, int step) {
        Param table = ps.get(0);
        if (table.sparse()) {
            table.zeroGrad();
        }
        Steps.gradient(table, TOUCHED[step], 100 + step);
        Steps.gradient(ps.get(1), null, 200 + step);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void sparseAndDenseUpdatesGiveTheSameWeights(String name, String options, Kernels kernels) {
        List<Param> sparse = params(true);
        List<Param> dense = params(false);
        Optimizer a = Steps.create(name, options);
        Optimizer b = Steps.create(name, options);
        CountingKernels ka = new CountingKernels(kernels);
        boolean exact = Steps.skippingIsExact(name, options);
        for (int step = 0; step < TOUCHED.length; step++) {
            gradients(sparse, step);
            gradients(dense, step);
            float[] before = sparse.get(0).w().clone();
            OptimizerState stateBefore = a.state();
            long counted = ka.updated;
            a.step(sparse, 0.05f, ka);
            b.step(dense, 0.05f, kernels);
            for (int p = 0; p < 2; p++) {
                assertArrayEquals(dense.get(p).w(), sparse.get(p).w(), name + " " + options + ": " + sparse.get(p)
                        + " after step " + (step + 1));
            }
            // the sparse gradient is still zero outside the touched rows, as zeroGrad expects
            float[] g = sparse.get(0).g();
            for (int r = 0; r < ROWS; r++) {
                if (Arrays.binarySearch(TOUCHED[step], r) < 0) {
                    for (int c = 0; c < COLS; c++) {
                        assertEquals(0f, g[r * COLS + c], "gradient of untouched row " + r);
                    }
                }
            }
            long expected = (exact ? (long) TOUCHED[step].length * COLS : (long) ROWS * COLS) + 33;
            assertEquals(expected, ka.updated - counted, name + " " + options + ": elements updated in step " + (step + 1));
            if (step == 1) {
                // Row 5 had a gradient in step 1 only. The exact rules leave its weights and state
                // alone in step 2; the others change its state (RMSProp's mean square decays) or its
                // weights (momentum, Adam, weight decay) or both.
                boolean moved = rowChanged(before, sparse.get(0).w(), 5);
                OptimizerState stateAfter = a.state();
                for (String key : stateAfter.arrays().keySet()) {
                    if (key.startsWith("layer0.input/")) {
                        moved |= rowChanged(stateBefore.arrays().get(key), stateAfter.arrays().get(key), 5);
                    }
                }
                assertEquals(!exact, moved, name + " " + options + ": row 5 changed in step 2");
            }
        }
        OptimizerState sa = a.state();
        OptimizerState sb = b.state();
        assertEquals(sb.arrays().keySet(), sa.arrays().keySet());
        sb.arrays().forEach((key, arr) -> assertArrayEquals(arr, sa.arrays().get(key), key));
        boolean row39Moved = rowChanged(params(true).get(0).w(), sparse.get(0).w(), 39);
        // a row never touched moves only under weight decay
        assertEquals(options.contains("weight_decay"), row39Moved, name + " " + options + ": row 39, never touched");
        assertTrue(rowChanged(params(true).get(0).w(), sparse.get(0).w(), 7), "row 7 was trained");
    }

    private static boolean rowChanged(float[] before, float[] after, int row) {
        return !Arrays.equals(before, row * COLS, (row + 1) * COLS, after, row * COLS, (row + 1) * COLS);
    }
}
