package dev.vecrnn.server;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Headless Debian chromium driven by its chromedriver (packages chromium and chromium-driver;
 * .ci/run installs them). Selenium Manager is never asked to download a browser.
 */
final class Browser {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private Browser() {
    }

    static ChromeDriver start() {
        if (!CHROMIUM.canExecute() || !DRIVER.canExecute()) {
            throw new AssertionError("the browser tests need Debian's chromium and chromedriver: "
                    + "apt-get install -y chromium chromium-driver");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build();
        return new ChromeDriver(service, o);
    }

    /** Saves what the page shows as target/screenshots/{@code name}.png. */
    static Path screenshot(ChromeDriver d, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path p = SCREENSHOTS.resolve(name + ".png");
            Files.write(p, d.getScreenshotAs(OutputType.BYTES));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
