/**
 * The vecrnn library: train recurrent language models on text, sample from them and measure
 * them, from Java.
 *
 * <ul>
 *   <li>{@link dev.vecrnn.api.Model}: a model file loaded, to sample from
 *       ({@link dev.vecrnn.api.Model#sample}) and evaluate; safe to share between threads.</li>
 *   <li>{@link dev.vecrnn.api.Training}: a new run ({@link dev.vecrnn.api.Training#newRun}) or a
 *       saved one continued exactly ({@link dev.vecrnn.api.Training#resume}), with a
 *       {@link dev.vecrnn.api.TrainingListener} for its progress and {@link dev.vecrnn.api.Training#stop()}
 *       from any thread.</li>
 *   <li>{@link dev.vecrnn.api.TrainSettings} and {@link dev.vecrnn.api.SampleSettings}: every
 *       setting as one value, with the command line's defaults.</li>
 *   <li>{@link dev.vecrnn.api.TrainingText}: a file, a string, tokens, or the built-in corpus.</li>
 *   <li>{@link dev.vecrnn.api.Plugins}: the tokenizers and optimizers, built in and from plugin JARs.</li>
 *   <li>{@link dev.vecrnn.api.VecrnnException}: every problem a user can fix, as one line that
 *       names the setting.</li>
 * </ul>
 *
 * <p>docs/API.md shows each of these in a complete example. Plugins are written against
 * {@link dev.vecrnn.spi}; everything under {@code dev.vecrnn.internal} is vecrnn's own and may
 * change in any release.
 */
package dev.vecrnn.api;
