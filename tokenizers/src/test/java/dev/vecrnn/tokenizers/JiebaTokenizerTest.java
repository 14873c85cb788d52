package dev.vecrnn.tokenizers;

import dev.vecrnn.spi.Options;
import dev.vecrnn.spi.Tokenizer;
import dev.vecrnn.api.VecrnnException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expected pieces are what Python jieba 0.42.1 (Debian python3-jieba) gives for
 * {@code list(jieba.cut(s))} and {@code list(jieba.cut(s, HMM=False))}.
 */
class JiebaTokenizerTest {

    private static Tokenizer jieba(String... opts) {
        Options o = Options.parse("tokenizer", "jieba", List.of(opts));
        Tokenizer t = new JiebaTokenizerProvider().create(o);
        o.requireAllUsed();
        return t;
    }

    private static final Map<String, List<String>> PYTHON = Map.of(
            "我来到北京清华大学", List.of("我", "来到", "北京", "清华大学"),
            "他来到了网易杭研大厦", List.of("他", "来到", "了", "网易", "杭研", "大厦"),
            "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
            List.of("小明", "硕士", "毕业", "于", "中国科学院", "计算所", "，", "后", "在", "日本京都大学", "深造"),
            "iPhone 12售价5999元，折扣3.5%。", List.of("iPhone", " ", "12", "售价", "5999", "元", "，", "折扣", "3.5%", "。"),
            "“你好，”他说：“欢迎！”\r\n\r\n    第二行",
            List.of("“", "你好", "，", "”", "他", "说", "：", "“", "欢迎", "！", "”", "\r\n", "\r\n", " ", " ", " ", " ", "第二行"),
            "宝玉听了，忙笑道：“好妹妹，你别恼。”",
            List.of("宝玉", "听", "了", "，", "忙", "笑", "道", "：", "“", "好", "妹妹", "，", "你", "别恼", "。", "”"),
            "C++和C#都是编程语言", List.of("C++", "和", "C#", "都", "是", "编程语言"),
            "2024年1月1日下午3点30分", List.of("2024", "年", "1", "月", "1", "日", "下午", "3", "点", "30", "分"),
            "a-b_c.d&e+f#g", List.of("a", "-", "b", "_", "c", ".", "d", "&", "e", "+", "f", "#", "g"));

    private static final Map<String, List<String>> PYTHON_NO_HMM = Map.of(
            "他来到了网易杭研大厦", List.of("他", "来到", "了", "网易", "杭", "研", "大厦"),
            "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
            List.of("小", "明", "硕士", "毕业", "于", "中国科学院", "计算所", "，", "后", "在", "日本京都大学", "深造"),
            "iPhone 12售价5999元，折扣3.5%。",
            List.of("iPhone", " ", "12", "售价", "5999", "元", "，", "折扣", "3", ".", "5", "%", "。"),
            "宝玉听了，忙笑道：“好妹妹，你别恼。”",
            List.of("宝玉", "听", "了", "，", "忙", "笑", "道", "：", "“", "好", "妹妹", "，", "你", "别", "恼", "。", "”"));

    @Test
    void cutsAsPythonJieba() {
        Tokenizer t = jieba();
        PYTHON.forEach((s, expected) -> assertEquals(expected, t.split(s), s));
    }

    @Test
    void hmmOffCutsAsPythonJiebaWithoutHmm() {
        Tokenizer t = jieba("hmm=false");
        PYTHON_NO_HMM.forEach((s, expected) -> assertEquals(expected, t.split(s), s));
    }

    @Test
    void unknownOptionListsTheAcceptedOnes() {
        Options o = Options.parse("tokenizer", "jieba", List.of("hmm=yes", "dict=x.txt"));
        new JiebaTokenizerProvider().create(o);
        VecrnnException e = assertThrows(VecrnnException.class, o::requireAllUsed);
        assertEquals("unknown option 'dict' for tokenizer 'jieba'; it accepts: hmm", e.getMessage());
    }

    /** Python jieba 0.42.1 gives 616,242 words, 45,491 distinct (shared/data/README.md). */
    @Test
    void hongloumengCountsAreCloseToPythons() {
        String text = Corpora.read("hongloumeng.gbk.txt", "GBK");
        List<String> words = jieba().split(text);
        int distinct = new HashSet<>(words).size();
        assertEquals(616_242, words.size(), 616_242 * 0.001, "words");
        assertEquals(45_491, distinct, 45_491 * 0.005, "distinct words");
        List<String> serial = new java.util.ArrayList<>();
        for (String line : text.split("(?<=\n)")) {
            serial.addAll(jieba().split(line));
        }
        assertEquals(serial, words, "cutting line by line gives the same pieces as the parallel cut of the whole text");
    }

    /** jieba-analysis prints a timing line when its HMM loads; a fresh JVM shows that none reaches stdout or stderr. */
    @Test
    void loadingPrintsNothing() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JiebaQuietMain.class.getName(), "我来到北京清华大学").start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertEquals("我|来到|北京|清华大学" + System.lineSeparator(), out);
        assertEquals("", err);
    }
}
