package dev.vecrnn.bench.model;

import dev.vecrnn.api.CellType;

import java.util.ArrayList;
import java.util.List;

/**
 * For the bench scripts: prints, comma-separated, the cells this build has
 * ({@code cells}) or the workloads the report runs ({@code workloads}), so that a run before a cell is
 * merged skips what cannot run instead of failing on it.
 */
public final class Cells {
    private Cells() {
    }

    public static void main(String[] args) {
        String what = args.length == 0 ? "cells" : args[0];
        List<String> out = new ArrayList<>();
        if ("workloads".equals(what)) {
            for (Workload w : Workload.REPORTED) {
                out.add(w.name());
            }
        } else {
            for (CellType c : CellType.values()) {
                out.add(c.toString());
            }
        }
        System.out.println(String.join(",", out));
    }
}
