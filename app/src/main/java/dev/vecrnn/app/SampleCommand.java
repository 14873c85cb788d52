package dev.vecrnn.app;

import dev.vecrnn.api.Generation;
import dev.vecrnn.api.Model;
import dev.vecrnn.api.Plugins;
import dev.vecrnn.api.SampleSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code vecrnn sample}: generate text from a model file, streaming tokens as they are drawn.
 * The priming text is printed, fed through the model, and its last token starts the draw;
 * without one, a random token (never {@code <unk>}) does. The same {@code --seed} gives the same text.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate text from a trained model.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelFileOption model = new ModelFileOption();

    @Option(names = "--length", paramLabel = "N", defaultValue = "200", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--prime", paramLabel = "TEXT", description = "Text to start from; it is printed first.")
    String prime;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Below 1 is more conservative, above 1 more surprising (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Draw only from the K most likely tokens; 0 = all.")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Draw only from the most likely tokens whose probabilities add up to P (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--argmax", description = "Always take the most likely token.")
    boolean argmax;

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    PluginOptions pluginOptions = new PluginOptions();

    @Override
    public Integer call() {
        SampleSettings settings = SampleSettings.builder().length(length).temperature(temperature).topK(topK).topP(topP)
                .argmax(argmax).seed(seed.seed).build();
        try (Plugins plugins = pluginOptions.load(spec.commandLine().getErr())) {
            Generation g = Model.load(model.file, plugins).sample(prime, settings);
            PrintWriter w = spec.commandLine().getOut();
            if (prime != null) {
                w.print(prime);
                w.flush();
            }
            while (g.hasNext()) {
                w.print(g.next());
                w.flush();
            }
            w.println();
            w.flush();
        }
        return 0;
    }
}
