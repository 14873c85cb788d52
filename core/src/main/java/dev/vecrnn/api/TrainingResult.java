package dev.vecrnn.api;

import java.nio.file.Path;

/**
 * What {@link Training#run()} did.
 *
 * @param iterations      iterations trained in this session
 * @param tokens          tokens trained on in this session
 * @param seconds         the session's time, sampling and validation included
 * @param tokensPerSecond training speed, not counting the time spent sampling and validating
 * @param smoothLoss      the seed's smooth loss at the end
 * @param iterationsDone  iterations the model file holds, counting earlier sessions
 * @param stopped         whether {@link Training#stop()} ended the run before its last iteration
 * @param output          the model file written at the end
 */
public record TrainingResult(long iterations, long tokens, double seconds, double tokensPerSecond, double smoothLoss,
                             long iterationsDone, boolean stopped, Path output) {
}
