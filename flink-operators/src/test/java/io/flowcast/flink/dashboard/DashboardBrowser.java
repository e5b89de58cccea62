package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboard page in Debian's headless Chromium ({@code /usr/bin/chromium} through
 * {@code /usr/bin/chromedriver}, a fresh profile): picks the most anomalous sensor by searching
 * for its id, waits until its chart holds points, the interval band and an anomaly marker (counted
 * from the data handed to uPlot, and the marker's red pixels on the canvas) and until new windows
 * keep arriving, and saves a screenshot. A test that uses it is skipped (JUnit assumption) where
 * either program is missing.
 */
public final class DashboardBrowser {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private DashboardBrowser() {}

  /** Skips the calling test unless chromium and chromedriver are installed. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them");
  }

  /**
   * Follows the most anomalous sensor of the dashboard at {@code url} and checks what its chart
   * shows, each step within {@code timeout}.
   *
   * @param profile an empty directory for Chromium's profile
   * @param screenshot where the PNG goes (taken once everything was seen, and when a check fails)
   */
  public static void followMostAnomalousSensor(String url, Path profile, Path screenshot, Duration timeout)
      throws Exception {
    ChromeDriver browser = start(profile);
    try {
      browser.get(url);
      // the picker re-renders its list every few seconds: an element found a moment ago may be gone
      Wait<WebDriver> wait = new WebDriverWait(browser, timeout, Duration.ofMillis(250))
          .ignoring(StaleElementReferenceException.class)
          .withMessage(() -> "the page shows: " + browser.findElement(By.tagName("body")).getText()
              + " / chart cards: " + browser.findElements(By.cssSelector(".chart-card")).stream()
                  .map(card -> card.getDomAttribute("data-sensor") + " points=" + card.getDomAttribute("data-points")
                      + " band=" + card.getDomAttribute("data-band") + " anomalies="
                      + card.getDomAttribute("data-anomalies"))
                  .toList());
      String sensor = wait.until(page -> {
        WebElement top = page.findElements(By.cssSelector("#sensor-list li")).stream().findFirst().orElse(null);
        return top != null && Integer.parseInt(top.getDomAttribute("data-anomalies")) > 0
            ? top.getDomAttribute("data-sensor") : null;
      });

      browser.findElement(By.id("sensor-search")).sendKeys(sensor);
      wait.until(page -> page.findElements(By.cssSelector("#sensor-list li")).size() == 1);
      wait.until(page -> {
        page.findElement(By.cssSelector("#sensor-list li[data-sensor='" + sensor + "']")).click();
        return true;
      });

      By card = By.cssSelector(".chart-card[data-sensor='" + sensor + "']");
      wait.until(page -> count(page.findElement(card), "data-points") >= 20
          && count(page.findElement(card), "data-band") >= 20
          && count(page.findElement(card), "data-anomalies") >= 1);
      WebElement chart = browser.findElement(card);
      assertThat(chart.findElement(By.cssSelector(".anomaly-list")).getText()).containsPattern("score \\d+\\.\\d\\d");
      assertThat(redMarkerPixels(browser, sensor)).as("anomaly marker drawn on the canvas").isGreaterThan(20);

      long newest = Long.parseLong(chart.getDomAttribute("data-newest"));
      wait.until(page -> Long.parseLong(page.findElement(card).getDomAttribute("data-newest")) > newest);
      assertThat(browser.findElement(By.id("fleet-forecasts")).getText()).matches("\\d+");
      // the demo fine-tunes: the fleet panel names whichever version made the newest forecasts
      assertThat(browser.findElement(By.id("fleet-model")).getText()).matches("v\\d+");
    } finally {
      Files.createDirectories(screenshot.toAbsolutePath().getParent());
      Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
      browser.quit();
    }
  }

  private static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static int count(WebElement card, String attribute) {
    String value = card.getDomAttribute(attribute);
    return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
  }

  /** Pixels of the anomaly markers' red (#d62728) on the sensor's chart canvas. */
  private static long redMarkerPixels(ChromeDriver browser, String sensor) {
    Object count = ((JavascriptExecutor) browser).executeScript(
        "const c = document.querySelector(\".chart-card[data-sensor='\" + arguments[0] + \"'] canvas\");"
            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            + "for (let i = 0; i < d.length; i += 4) {"
            + "  if (Math.abs(d[i] - 214) < 12 && Math.abs(d[i + 1] - 39) < 12 && Math.abs(d[i + 2] - 40) < 12) n++; }"
            + "return n;", sensor);
    return ((Number) count).longValue();
  }
}
