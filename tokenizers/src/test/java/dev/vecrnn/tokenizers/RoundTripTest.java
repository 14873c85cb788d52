package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Registry;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.spi.TokenizerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** join(split(t)) == t for every built-in tokenizer, found the way the app finds them. */
class RoundTripTest {

    static final List<String> NASTY = List.of(
            "",
            "Hello, world!",
            "I \u2764\uFE0F pizza \uD83C\uDF55\uD83D\uDC4D\uD83C\uDFFD family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 flags \uD83C\uDDE8\uD83C\uDDF3\uD83C\uDDFA\uD83C\uDDF8",
            "line one\r\nline two\r\n\r\nlast\r",
            "a\rb\n\rc",
            "我用Python写了一个RNN模型，accuracy达到了99.5%！Good.\n第二行：C++与C#。",
            "\n\n\nx\n\n",
            "\u0301",
            "a \u0301b e\u0301 \u0301\u0301",
            "\uD840\uDC00\uD840\uDC01 \uD835\uDD18\uD835\uDD2B\uD835\uDD26 \uD83D\uDE00\uD83D\uDE00",
            "tab\there\u00A0nbsp\u3000ideographic\u2028sep\uFEFFbom",
            "\u200D\u200D lone zwj \uFE0F",
            "สวัสดีครับ مرحبا بالعالم नमस्ते 안녕하세요",
            "今日は良い天気ですね。カタカナ ＡＢＣ１２３",
            "\u0007bell \u001B[0m escape \u0085 next-line",
            "   \t  ",
            "don't 'quote' o'er 3.14 1,000 -5 e.g. U.S.A. snake_case a-b",
            "“你好，”他说：“欢迎！”\r\n\r\n    第二行……——《红楼梦》");

    static Stream<String> builtIns() {
        return Registry.tokenizers().names().stream();
    }

    private static Tokenizer create(String name) {
        Registry<TokenizerProvider> r = Registry.tokenizers();
        Options o = Options.empty("tokenizer", name);
        Tokenizer t = r.get(name).create(o);
        o.requireAllUsed();
        return t;
    }

    @Test
    void allFourBuiltInsAreRegistered() {
        assertEquals(List.of("char", "byte", "word", "jieba"), Registry.tokenizers().names());
        assertTrue(Registry.tokenizers().problems().isEmpty(), Registry.tokenizers().problems().toString());
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void nastyStrings(String name) {
        Tokenizer t = create(name);
        for (String s : NASTY) {
            List<String> pieces = t.split(s);
            assertEquals(s, t.join(pieces), () -> name + " on " + escape(s) + " -> " + pieces);
            assertFalse(pieces.contains(""), () -> name + " made an empty piece of " + escape(s));
            assertEquals(s, streamed(t, pieces), () -> name + " streamed " + escape(s));
        }
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void randomText(String name) {
        Tokenizer t = create(name);
        int[] pool = {'a', 'Z', '0', '9', ' ', '\t', '\n', '\r', '.', ',', '\'', '-', '%', '#', '+', '_', '&',
                0x4E00, 0x4E2D, 0x6587, 0x9FD5, 0x9FD6, 0x3002, 0xFF0C, 0x201C, 0x0301, 0x200D, 0xFE0F, 0x00E9,
                0x1F600, 0x1F3FD, 0x20000, 0x0E01, 0x0E31, 0x3042, 0x30AB, 0x00A0, 0x3000, 0xFEFF, 0x0085};
        Random rnd = new Random(42);
        for (int n = 0; n < 300; n++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(40);
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(pool[rnd.nextInt(pool.length)]);
            }
            String s = sb.toString();
            assertEquals(s, t.join(t.split(s)), () -> name + " on " + escape(s));
        }
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void tinyShakespeare(String name) {
        String text = Corpora.read("tinyshakespeare.txt", "UTF-8");
        Tokenizer t = create(name);
        List<String> pieces = t.split(text);
        assertEquals(text, t.join(pieces));
        assertTrue(pieces.size() > 100_000, name + " made only " + pieces.size() + " pieces");
    }

    @ParameterizedTest
    @MethodSource("builtIns")
    void hongloumeng(String name) {
        String text = Corpora.read("hongloumeng.gbk.txt", "GBK");
        Tokenizer t = create(name);
        List<String> pieces = t.split(text);
        assertEquals(text, t.join(pieces));
        assertTrue(pieces.size() > 500_000, name + " made only " + pieces.size() + " pieces");
    }

    @Test
    void loneSurrogatesSurviveEveryTokenizerButByte() {
        String s = "a\uD800b\uDC00\uDBFF";
        for (String name : List.of("char", "word", "jieba")) {
            Tokenizer t = create(name);
            assertEquals(s, t.join(t.split(s)), name);
        }
        Tokenizer b = create("byte");
        assertEquals("a\uFFFDb\uFFFD\uFFFD", b.join(b.split(s)), "byte: not Unicode, so each becomes U+FFFD");
    }

    static String streamed(Tokenizer t, List<String> pieces) {
        Tokenizer.PieceDecoder d = t.decoder();
        StringBuilder sb = new StringBuilder();
        for (String p : pieces) {
            sb.append(d.push(p));
        }
        return sb.append(d.finish()).toString();
    }

    static String escape(String s) {
        List<String> parts = new ArrayList<>();
        s.codePoints().forEach(c -> parts.add(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c)));
        return String.join("", parts);
    }
}
