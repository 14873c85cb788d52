package dev.vecrnn.app;

import dev.vecrnn.api.Model;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.server.CompletionServer;
import dev.vecrnn.server.ServedModels;
import dev.vecrnn.server.ServerLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn serve}: an OpenAI-compatible completion server over model files, until the
 * process is stopped (SIGTERM or Ctrl-C let running generations finish within the grace).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve models over HTTP: an OpenAI-compatible POST /v1/completions, GET /v1/models, /health and /metrics.")
final class ServeCommand implements Callable<Integer> {
    private static final ServerLimits DEFAULTS = ServerLimits.defaults();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "Model file to serve, under its file name without .vrnn; repeat for more models.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free one).")
    int port;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Completions generating at once (default: 64).")
    int concurrent = DEFAULTS.concurrentGenerations();

    @Option(names = "--max-queued", paramLabel = "N", description = "Completions waiting for a slot before 429 (default: 64).")
    int queued = DEFAULTS.queuedGenerations();

    @Option(names = "--queue-wait", paramLabel = "SECONDS", description = "Longest wait for a slot before 429 (default: 10).")
    int queueWait = (int) DEFAULTS.queueWait().toSeconds();

    @Option(names = "--max-tokens", paramLabel = "N", description = "Largest max_tokens a request may ask for (default: 2048).")
    int maxTokens = DEFAULTS.maxTokens();

    @Option(names = "--max-prompt", paramLabel = "CHARS", description = "Longest prompt in characters (default: 32768).")
    int maxPrompt = DEFAULTS.maxPromptChars();

    @Option(names = "--max-body", paramLabel = "BYTES", description = "Largest request body (default: 1048576).")
    int maxBody = DEFAULTS.maxBodyBytes();

    @Option(names = "--max-n", paramLabel = "N", description = "Most choices in one request (default: 16).")
    int maxChoices = DEFAULTS.maxChoices();

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "A completion stops after this long (default: 60).")
    int timeLimit = (int) DEFAULTS.timeLimit().toSeconds();

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
            description = "On SIGTERM, how long running completions may go on (default: 10).")
    int grace = (int) DEFAULTS.shutdownGrace().toSeconds();

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() throws InterruptedException {
        ServerLimits limits = new ServerLimits(concurrent, queued, Duration.ofSeconds(queueWait), maxTokens, maxPrompt, maxBody,
                maxChoices, Duration.ofSeconds(timeLimit), Duration.ofSeconds(grace));
        PrintWriter out = spec.commandLine().getOut();
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            List<Model> loaded = new ArrayList<>();
            for (Path f : models) {
                loaded.add(Model.load(f, plugins));
            }
            ServedModels served = ServedModels.of(loaded);
            CompletionServer server = CompletionServer.start(served, limits, host, port, System.err);
            PrintWriter err = spec.commandLine().getErr();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopGracefully(server, err), "vecrnn-serve-shutdown"));
            served.all().forEach((id, m) -> out.println("serving " + id + " (" + m.info().summary() + ")"));
            out.println("listening on " + server.uri() + "  (POST /v1/completions, GET /v1/models, /health, /metrics)");
            out.flush();
            server.join();
        }
        return 0;
    }

    /**
     * SIGTERM or Ctrl-C: stop accepting, let running completions finish within the grace, then
     * exit 0 — a stop that was asked for is a success (halt, because the JVM would otherwise
     * report the signal in the exit status).
     */
    private void stopGracefully(CompletionServer server, PrintWriter err) {
        err.println("vecrnn serve: stopping: no new requests; running completions have " + grace + " s to finish");
        err.flush();
        server.close();
        err.println("vecrnn serve: stopped");
        err.flush();
        Runtime.getRuntime().halt(0);
    }
}
