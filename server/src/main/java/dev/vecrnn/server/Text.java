package dev.vecrnn.server;

/** Client text quoted into messages: cut to a length, never across a surrogate pair. */
final class Text {
    private Text() {
    }

    /** {@code 'text'}, cut to {@code max} characters with "..." after. */
    static String quote(String text, int max) {
        if (text.length() <= max) {
            return "'" + text + "'";
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return "'" + text.substring(0, end) + "...'";
    }
}
