package dev.vecrnn.api;

import dev.vecrnn.internal.sample.Sampler;
import dev.vecrnn.internal.sample.SamplingOptions;
import dev.vecrnn.internal.text.Vocabulary;
import dev.vecrnn.internal.util.Rng;
import dev.vecrnn.spi.Tokenizer;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Text drawn from a {@link Model} one token at a time, as it is iterated: each element is the
 * text of the next token, with a token that is only part of a character (the byte tokenizer)
 * held back until the character is complete. Not thread-safe (one generation per thread), but
 * any number of generations may run on one model at once; {@link Model#sample} makes them.
 */
public final class Generation implements Iterator<String> {
    private final Sampler sampler;
    private final Vocabulary vocab;
    private final Tokenizer.PieceDecoder decoder;
    private final SamplingOptions options;
    private final Rng rng;
    private final float[][] state;
    private int token;
    private int left;
    private int drawn;
    /** The text of a random start token not yet handed out, or null. */
    private String start;

    Generation(Model model, String prime, SampleSettings s) {
        var cp = model.checkpoint();
        this.vocab = cp.vocabulary;
        this.decoder = model.tokenizer().decoder();
        this.options = new SamplingOptions(s.temperature(), s.topK(), s.topP(), s.argmax());
        this.rng = new Rng(Model.seedOf(s));
        this.sampler = new Sampler(cp.model, model.kernels());
        this.state = cp.model.newState(1);
        this.left = s.length();
        if (prime != null && !prime.isEmpty()) {
            int[] ids = vocab.encode(model.tokenizer().split(prime), "the priming text {prime}", "prime");
            if (ids.length == 0) {
                throw VecrnnException.about("{prime} '" + prime + "' gives no tokens with the model's tokenizer; give some text",
                        "prime");
            }
            sampler.prime(Arrays.copyOf(ids, ids.length - 1), state);
            token = ids[ids.length - 1];
        } else {
            // a random start, but not <unk>, whose text would only be the marker
            do {
                token = rng.nextInt(vocab.size());
            } while (token == vocab.unk() && vocab.size() > 1);
            start = decoder.push(vocab.piece(token));
        }
    }

    @Override
    public boolean hasNext() {
        return start != null || left > 0;
    }

    /** The text of the next token. */
    @Override
    public String next() {
        String text;
        if (start != null) {
            text = start;
            start = null;
        } else if (left > 0) {
            token = sampler.next(token, state, options, rng);
            left--;
            drawn++;
            text = decoder.push(vocab.piece(token));
        } else {
            throw new NoSuchElementException("the generation is complete");
        }
        return left == 0 && start == null ? text + decoder.finish() : text;
    }

    /** Tokens drawn so far (not counting a random start token). */
    public int tokensDrawn() {
        return drawn;
    }

    /** The rest of this generation as a stream, drawn as it is consumed. */
    public Stream<String> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
