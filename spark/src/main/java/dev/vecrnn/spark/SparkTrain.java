package dev.vecrnn.spark;

import dev.vecrnn.api.Evaluation;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.VecrnnException;
import dev.vecrnn.app.CommandRunner;
import dev.vecrnn.app.TrainingOptions;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn-spark}: {@code vecrnn train}'s options (the same {@link TrainingOptions}) plus the
 * workers and the local iterations between averages, trained by {@link ParameterAveraging} on the
 * Spark that {@code spark-submit} (or {@code --master}) gives it.
 */
@Command(name = "vecrnn-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a language model on Apache Spark by parameter averaging (docs/SPARK.md).",
                "Every option of 'vecrnn train' applies; --iterations counts each worker's iterations.",
                "The model file is written after every round; --resume FILE continues from it."})
public final class SparkTrain implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--workers", paramLabel = "W", defaultValue = "2",
            description = "Shards of the training text, trained in parallel, one Spark task each (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--local-iterations", paramLabel = "K", defaultValue = "10",
            description = "Iterations each worker trains between two averages (default: ${DEFAULT-VALUE}).")
    int localIterations;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Kernel threads of each task and of the driver's validation; give spark.task.cpus the same "
                    + "(default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not run by spark-submit (default: spark-submit's, else local[W]).")
    String master;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err));
    }

    /** Runs the command with the given streams and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        SparkTrain command = new SparkTrain();
        return CommandRunner.execute(new CommandLine(command), args, () -> command.verbose, out, err);
    }

    @Override
    public Integer call() {
        if (training.report() != null) {
            throw VecrnnException.about("the Spark job keeps no {report}; read the model file with 'vecrnn info' instead",
                    "report");
        }
        PrintWriter out = spec.commandLine().getOut();
        ParseResult parsed = spec.commandLine().getParseResult();
        ParameterAveraging.check(workers, localIterations, threads);
        String corpus = corpusUri(parsed);
        JavaSparkContext spark = null;
        try (Plugins plugins = training.loadPlugins(spec.commandLine().getErr())) {
            Training.Builder builder = training.builder(parsed, plugins).threads(threads);
            if (corpus != null) {
                // the corpus is read through Spark's Hadoop configuration, so Spark starts first
                spark = start(corpus.substring(corpus.lastIndexOf('/') + 1));
                builder.text(new HadoopCorpus(spark.hadoopConfiguration(), HadoopCorpus.MAX_BYTES)
                        .read(corpus));
            }
            Training run = builder.build();
            out.printf(Locale.ROOT, "%,d tokens, vocabulary %,d, %,d parameters; %d workers x %,d training tokens, %d iterations"
                            + " between averages; writing %s%n", run.plan().tokens(), run.plan().vocabularySize(),
                    run.plan().parameters(), workers, run.plan().trainingTokens() / workers, localIterations, run.plan().output());
            out.flush();
            if (spark == null) {
                spark = start(run.plan().output().getFileName().toString());
            }
            StopReport stop = StopReport.install();
            try {
                new ParameterAveraging(spark, workers, localIterations, threads).run(run, new Console(out));
            } catch (RuntimeException e) {
                if (!stop.endedByStop(e)) {
                    throw e;
                }
                // a stop (Ctrl-C, SIGTERM) shuts Spark down under the running round; every finished
                // round is already in the model file
                out.println("stopped; " + run.plan().output() + " holds the last finished round: continue with --resume "
                        + run.plan().output());
                out.flush();
                return 130;
            } finally {
                stop.done();
            }
            out.println("wrote " + run.plan().output());
        } finally {
            if (spark != null) {
                spark.close();
            }
        }
        return 0;
    }

    /**
     * {@code --data} as given when it is a URI with a scheme (picocli's {@code Path} would fold
     * its double slash), or null for a local file or no {@code --data}.
     */
    private static String corpusUri(ParseResult parsed) {
        CommandLine.Model.OptionSpec data = parsed.matchedOption("--data");
        if (data == null || data.stringValues().isEmpty()) {
            return null;
        }
        String given = data.stringValues().get(data.stringValues().size() - 1);
        return HadoopCorpus.isUri(given) ? given : null;
    }

    private JavaSparkContext start(String name) {
        SparkConf conf = new SparkConf().setAppName("vecrnn " + name);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers + "]");
        }
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        return spark;
    }

    /** One line per round and per validation. */
    private record Console(PrintWriter out) implements ParameterAveraging.Progress {
        @Override
        public void onRound(long round, long iterations, long total, double smoothLossPerToken, double seconds,
                            double trainSeconds, double driverSeconds, long tokens) {
            out.printf(Locale.ROOT, "round %d: %d/%d iterations, smooth loss %.4f nats/token, %.3f s (slowest worker %.3f s,"
                            + " exchange %.3f s), driver %.3f s, %,.0f tokens/s%n", round, iterations, total, smoothLossPerToken,
                    seconds, trainSeconds, seconds - trainSeconds, driverSeconds, tokens / (seconds + driverSeconds));
            out.flush();
        }

        @Override
        public void onValidation(long iterations, Evaluation e, boolean best) {
            out.printf(Locale.ROOT, "validation after %d iterations: %.4f nats/token, perplexity %.2f%s%n", iterations,
                    e.lossPerToken(), e.perplexity(), best ? " (best)" : "");
            out.flush();
        }
    }
}
