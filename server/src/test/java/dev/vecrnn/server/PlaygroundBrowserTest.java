package dev.vecrnn.server;

import dev.vecrnn.api.Model;
import dev.vecrnn.api.SampleSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The playground in a real browser: it generates for a typed prompt, streams, and shows a bad setting's error. */
class PlaygroundBrowserTest {
    @TempDir
    static Path dir;
    static Model fox;
    static CompletionServer server;
    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        fox = TestModels.train(dir, "fox");
        server = CompletionServer.start(ServedModels.of(List.of(fox)), ServerLimits.defaults(), "127.0.0.1", 0, System.err);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void set(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private static void openPage() {
        browser.get(server.uri() + "/");
        waiting().until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
    }

    @Test
    void typedPromptsGetTheModelsTextStreamedEventByEvent() throws Exception {
        openPage();
        assertTrue(browser.findElement(By.id("details")).getText().contains("lstm"));
        for (String prompt : List.of("The quick", "敏捷的")) {
            set("prompt", prompt);
            set("max_tokens", "80");
            set("seed", "3");
            set("temperature", "0.8");
            browser.executeScript("window.updates = 0; if (window.watch) window.watch.disconnect();"
                    + " window.watch = new MutationObserver((records) => window.updates += records.length);"
                    + " window.watch.observe(document.getElementById('output'), {childList: true, subtree: true, characterData: true});");
            browser.findElement(By.id("generate")).click();
            waiting().until(d -> d.findElement(By.id("status")).getText().startsWith("done"));
            String expected = fox.sampleText(prompt, SampleSettings.builder().length(80).temperature(0.8).seed(3L).build());
            assertEquals(expected, (String) browser.executeScript("return document.getElementById('generated').textContent"));
            long updates = (Long) browser.executeScript("return window.updates");
            assertTrue(updates > 10, "the text is shown piece by piece as events arrive: " + updates + " updates");
            assertEquals("", browser.findElement(By.id("error")).getText());
        }
        assertTrue(Files.size(Browser.screenshot(browser, "playground")) > 1000);
    }

    @Test
    void aBadSettingShowsTheServersErrorNamingIt() {
        openPage();
        set("temperature", "7");
        browser.findElement(By.id("generate")).click();
        waiting().until(d -> !d.findElement(By.id("error")).getText().isEmpty());
        String error = browser.findElement(By.id("error")).getText();
        assertTrue(error.startsWith("temperature: ") && error.contains("from 0 to 2"), error);
        Browser.screenshot(browser, "playground-error");
    }
}
