/**
 * Data-parallel training by parameter averaging, without a cluster of its own: the pieces a
 * driver (the Spark job) and its workers run. The driver prepares an ordinary run
 * ({@link dev.vecrnn.internal.parallel.RunParts}), cuts the training tokens into contiguous
 * shards ({@link dev.vecrnn.internal.parallel.Shards}); each round every worker trains its shard
 * for K iterations from the same weights and optimizer state
 * ({@link dev.vecrnn.internal.parallel.LocalIterations}), and the driver averages what they
 * return ({@link dev.vecrnn.internal.parallel.Averaging}).
 */
package dev.vecrnn.internal.parallel;
