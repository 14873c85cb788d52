package dev.vecrnn.app;

import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.server.TrainingPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code vecrnn train}: maps the options to {@link TrainSettings} (for a resumed run, only the
 * options given change the saved settings), builds the {@link Training} and hands it to
 * {@link TrainConsole}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a language model on a text file and write it to a model file.",
                "Without --data it trains on a small built-in corpus (300 Tang poems).",
                "Ctrl-C saves a checkpoint and exits (130); --resume FILE continues from it."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--print-every", paramLabel = "N",
            description = "Print the loss (the seed's 'iter N, loss: X') every N iterations; 0 = never (default: --sample-every).")
    Integer printEvery;

    @Mixin
    ThreadsOption threads = new ThreadsOption();

    @Override
    public Integer call() {
        ParseResult parsed = spec.commandLine().getParseResult();
        boolean resuming = training.resuming();
        int every = printEvery != null ? printEvery
                : parsed.hasMatchedOption("--sample-every") || !resuming ? training.sampleEvery() : -1;
        if (every < -1) {
            throw VecrnnException.about("{printEvery} must be 0 (never) or positive, not " + every, "printEvery");
        }
        try (Plugins plugins = training.loadPlugins(spec.commandLine().getErr())) {
            Training.Builder b = training.builder(parsed, plugins).threads(threads.count());
            TrainConsole console = new TrainConsole(spec.commandLine().getOut(), spec.commandLine().getErr(), every,
                    training.report(), training.force());
            if (servePort == null) {
                return console.run(b);
            }
            try (TrainingPage page = TrainingPage.start("127.0.0.1", servePort)) {
                spec.commandLine().getOut().println("training page: " + page.uri());
                int status = console.page(page).run(b);
                spec.commandLine().getOut().println("the training page stays at " + page.uri() + " until you press Ctrl-C");
                spec.commandLine().getOut().flush();
                waitForever();
                return status;
            }
        }
    }

    @Option(names = "--serve", paramLabel = "PORT",
            description = "Serve a live training page on http://127.0.0.1:PORT (loss chart, progress, samples, settings); "
                    + "it stays up after training until Ctrl-C.")
    Integer servePort;

    /** Until the process is stopped: the training page goes on serving. */
    private static void waitForever() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
