package dev.vecrnn.app;

import dev.vecrnn.internal.io.Checkpoint;
import dev.vecrnn.internal.kernel.Kernels;
import dev.vecrnn.internal.model.LanguageModel;
import dev.vecrnn.spi.Optimizer;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.train.DataSplit;
import dev.vecrnn.internal.train.TrainConfig;
import dev.vecrnn.internal.train.TrainState;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a training session needs, checked and built: from the command line for a new run
 * ({@link RunPlanner#fresh}) or from a model file for a resumed one ({@link RunPlanner#resume}).
 */
final class RunPlan {
    /** Where the run is written, and where its best model by validation loss goes. */
    Path out;
    Path best;
    Path report;
    int evalEvery;
    int checkpointEvery;

    Tokenizer tokenizer;
    String tokenizerName;
    Map<String, String> tokenizerOptions;
    Vocabulary vocabulary;
    DataSplit data;

    LanguageModel model;
    Optimizer optimizer;
    String optimizerName;
    Map<String, String> optimizerOptions;
    Kernels kernels;
    TrainConfig config;
    TrainState state;
    /** The {@code data.*} and {@code train.*} facts kept in the model file. */
    Map<String, String> info;

    /** The file that holds the last good state before this session writes anything (the resumed file), or null. */
    Path resumedFrom;

    /** The checkpoint of the run as it is now. */
    Checkpoint checkpoint() {
        return new Checkpoint(model, vocabulary, tokenizerName, tokenizerOptions, optimizerName, optimizerOptions,
                optimizer.state(), state, info);
    }

    /** {@code model.vrnn} gives {@code model.best.vrnn}; a name without extension gets {@code .best}. */
    static Path bestPath(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String best = dot > 0 ? name.substring(0, dot) + ".best" + name.substring(dot) : name + ".best";
        return out.resolveSibling(best);
    }
}
