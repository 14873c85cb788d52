package dev.vecrnn.bench.model;

import dev.vecrnn.model.CellType;

import java.util.ArrayList;
import java.util.List;

/**
 * For the bench scripts: prints, comma-separated, the cells this build has
 * ({@code cells}) or the workloads it can run ({@code workloads}), so that a run before a cell is
 * merged skips what cannot run instead of failing on it.
 */
public final class Cells {
    private Cells() {
    }

    public static void main(String[] args) {
        String what = args.length == 0 ? "cells" : args[0];
        List<String> out = new ArrayList<>();
        if ("workloads".equals(what)) {
            for (Workload w : Workload.values()) {
                if (CellType.known(w.cell)) {
                    out.add(w.name());
                }
            }
        } else {
            for (String c : new String[] {"rnn", "lstm", "gru"}) {
                if (CellType.known(c)) {
                    out.add(c);
                }
            }
        }
        System.out.println(String.join(",", out));
    }
}
