package dev.vecrnn.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vecrnn.api.CellType;
import dev.vecrnn.api.TrainSettings;
import dev.vecrnn.api.Training;
import dev.vecrnn.api.TrainingListener;
import dev.vecrnn.api.TrainingText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live training page: its state follows a real run, its chart gains points in a browser while the run goes. */
class TrainingPageTest {
    @TempDir
    Path dir;

    @Test
    void theStateFollowsARunAndStaysAfterIt() throws Exception {
        try (TrainingPage page = TrainingPage.start("127.0.0.1", 0)) {
            Http http = new Http(page.uri());
            assertEquals("starting", Http.json(http.get("/state")).get("status").asText());
            TrainSettings s = TrainSettings.builder().cell(CellType.LSTM).hidden(16).seqLength(10).iterations(60).sampleEvery(20)
                    .sampleLength(30).evalEvery(20).sampleEvery(20).build();
            try (Training t = Training.newRun(s).text(TrainingText.of(TestModels.TEXT.repeat(30), "fox"))
                    .output(dir.resolve("fox.vrnn")).threads(1).listener(page.listener()).build()) {
                page.describe("fox.vrnn", Map.of("cell", "lstm", "hidden", "16"));
                t.run();
            }
            page.ended("finished");
            JsonNode st = Http.json(http.get("/state"));
            assertEquals("finished", st.get("status").asText());
            assertEquals(60, st.get("done").asInt());
            assertEquals(60, st.get("total").asInt());
            assertEquals(60, st.get("train").size());
            assertTrue(st.get("validation").size() >= 3, st.toString());
            assertTrue(st.get("train").get(59).get(1).asDouble() > 0);
            assertTrue(st.get("samples").size() >= 2 && !st.get("samples").get(0).get("text").asText().isEmpty());
            assertEquals("16", st.get("settings").get("hidden").asText());
            assertTrue(st.get("tokensPerSecond").asDouble() > 0);
            HttpResponse<String> js = http.get("/vendor/uPlot.iife.min.js");
            assertEquals(200, js.statusCode());
            assertTrue(js.body().contains("uPlot"));
            assertTrue(http.get("/vendor/uPlot.LICENSE").body().contains("MIT"));
            assertTrue(http.get("/").body().contains("/state"));
        }
    }

    @Test
    void longRunsKeepABoundedCurve() {
        TrainingProgress p = new TrainingProgress();
        int n = TrainingProgress.MAX_POINTS * 5;
        for (int i = 0; i < n; i++) {
            p.onIteration(new TrainingListener.IterationDone(i, n, 50, 40, 10, 1000));
        }
        JsonNode train = p.state().get("train");
        assertTrue(train.size() < TrainingProgress.MAX_POINTS && train.size() > TrainingProgress.MAX_POINTS / 4, "" + train.size());
        assertEquals(n, train.get(train.size() - 1).get(0).asInt(), "the last iteration is always there");
        assertEquals(4.0, train.get(0).get(1).asDouble(), 1e-12, "smooth loss per token");
    }

    @Test
    void theChartGainsPointsInABrowserWhileTrainingGoes() throws Exception {
        ChromeDriver browser = Browser.start();
        try (TrainingPage page = TrainingPage.start("127.0.0.1", 0)) {
            TrainSettings s = TrainSettings.builder().cell(CellType.LSTM).hidden(32).seqLength(16).iterations(100000)
                    .sampleEvery(200).sampleLength(40).evalEvery(100).build();
            List<Long> seen = new ArrayList<>();
            try (Training t = Training.newRun(s).text(TrainingText.of(TestModels.TEXT.repeat(30), "fox"))
                    .output(dir.resolve("fox.vrnn")).threads(1).listener(page.listener()).build()) {
                page.describe("fox.vrnn", Map.of("cell", "lstm"));
                Thread run = new Thread(t::run);
                run.start();
                browser.get(page.uri().toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                for (int i = 0; i < 3; i++) {
                    long before = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
                    wait.until(d -> ((Long) browser.executeScript("return window.chartPoints")) > before);
                    seen.add((Long) browser.executeScript("return window.chartPoints"));
                }
                Files.createDirectories(Browser.SCREENSHOTS);
                wait.until(d -> !browser.findElement(org.openqa.selenium.By.id("sampleList")).getText().isEmpty());
                Browser.screenshot(browser, "training");
                t.stop();
                run.join(60_000);
            }
            assertTrue(seen.get(0) < seen.get(1) && seen.get(1) < seen.get(2), "the chart gained points: " + seen);
            assertTrue(browser.findElement(org.openqa.selenium.By.id("progress")).getText().contains("tokens/s"));
        } finally {
            browser.quit();
        }
    }
}
