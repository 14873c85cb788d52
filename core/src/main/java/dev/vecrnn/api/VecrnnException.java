package dev.vecrnn.api;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one exception vecrnn throws for a problem its user can fix: a bad setting, a missing or
 * unreadable file, text in the wrong encoding, a corrupted or foreign model file, an unknown
 * plugin, a run that diverged. {@link #getMessage()} is one line that says what was wrong and
 * what to do, ready to show to a person; no stack trace is needed to understand it.
 *
 * <p>Messages name settings by their names in {@link TrainSettings} and {@link SampleSettings}
 * ({@code seqLength}, {@code topP} ...). A program that offers the settings under other names (the
 * command line's {@code --seq-length}) renders the message with its own names through
 * {@link #message(UnaryOperator)}; {@link #settings()} lists the settings the message is about.
 *
 * <p>Anything else that escapes vecrnn (an {@link IllegalArgumentException} for a null argument,
 * an {@link OutOfMemoryError}) is a bug in the caller or in vecrnn, not a user's problem.
 */
public class VecrnnException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** A setting's name in a message template: {@code {seqLength}}. */
    private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    /** Messages are cut at this many characters. */
    static final int MAX_LENGTH = 1000;

    private final String template;
    private final List<String> settings;

    /** A message that names no setting. */
    public VecrnnException(String message) {
        this(message, (Throwable) null);
    }

    /** A message that names no setting, caused by {@code cause}. */
    public VecrnnException(String message, Throwable cause) {
        super(oneLine(message), cause);
        this.template = null;
        this.settings = List.of();
    }

    /** The same message, settings and cause as {@code other}: for subclasses that add facts to a message made elsewhere. */
    protected VecrnnException(VecrnnException other) {
        super(other.getMessage(), other.getCause());
        this.template = other.template;
        this.settings = other.settings;
    }

    private VecrnnException(String template, List<String> settings, Throwable cause) {
        super(oneLine(render(template, settings, UnaryOperator.identity())), cause);
        this.template = template;
        this.settings = settings;
    }

    /**
     * A message about settings: each {@code {name}} in {@code template} whose name is one of
     * {@code settings} is a setting's name, shown as it is by {@link #getMessage()} and renamed by
     * {@link #message(UnaryOperator)}. Braces around other words stay as they are.
     */
    public static VecrnnException about(String template, String... settings) {
        return new VecrnnException(template, List.of(settings), null);
    }

    /** This message with {@code suffix} (a template as in {@link #about}) appended, about {@code settings} as well. */
    VecrnnException withSuffix(String suffix, String... more) {
        List<String> all = new java.util.ArrayList<>(settings);
        all.addAll(List.of(more));
        String base = template != null ? template : getMessage();
        return new VecrnnException(base + suffix, List.copyOf(all), getCause());
    }

    /** The settings the message is about (empty when it names none). */
    public List<String> settings() {
        return settings;
    }

    /** The message with each setting's name replaced by {@code names.apply(name)}. */
    public String message(UnaryOperator<String> names) {
        return template == null ? getMessage() : oneLine(render(template, settings, names));
    }

    /**
     * The message on one line whatever it quotes (a name read from a damaged file may hold line
     * breaks or control characters): those are shown escaped, and a message longer than
     * {@value #MAX_LENGTH} characters is cut.
     */
    private static String oneLine(String m) {
        if (m == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(m.length(), MAX_LENGTH + 16));
        for (int i = 0; i < m.length() && sb.length() < MAX_LENGTH; i++) {
            char c = m.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_LENGTH && sb.length() < m.length()) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static String render(String template, List<String> settings, UnaryOperator<String> names) {
        Matcher m = SETTING.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            m.appendReplacement(sb, Matcher.quoteReplacement(settings.contains(name) ? names.apply(name) : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
