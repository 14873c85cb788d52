package dev.vecrnn.spi;

import java.util.List;

/**
 * Turns text into pieces and pieces back into text. For the built-in tokenizers
 * {@code join(split(t)).equals(t)} for every text t.
 */
public interface Tokenizer {

    /** The pieces of {@code text}, in order. */
    List<String> split(String text);

    /** The text of consecutive pieces. */
    default String join(List<String> pieces) {
        PieceDecoder d = decoder();
        StringBuilder sb = new StringBuilder();
        for (String p : pieces) {
            sb.append(d.push(p));
        }
        return sb.append(d.finish()).toString();
    }

    /**
     * A decoder for pieces that arrive one at a time (streamed sampling). The default returns
     * each piece as it is; a tokenizer whose pieces are not whole characters (bytes) buffers.
     */
    default PieceDecoder decoder() {
        return new PieceDecoder() {
            @Override
            public String push(String piece) {
                return piece;
            }

            @Override
            public String finish() {
                return "";
            }
        };
    }

    /** Text for a stream of pieces. */
    interface PieceDecoder {
        /** Text that can be shown now that {@code piece} arrived (maybe empty). */
        String push(String piece);

        /** Whatever is still buffered, decoded leniently. */
        String finish();
    }
}
