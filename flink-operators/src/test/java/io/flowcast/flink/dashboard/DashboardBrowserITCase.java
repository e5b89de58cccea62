package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.FlowcastCli;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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
import picocli.CommandLine;

/**
 * The dashboard in a real headless Chromium, on the stack {@code flowcast demo} starts (in-process
 * Kafka, the job on a mini cluster, the simulated fleet at 7200 times real time, the bundled
 * model): opens the page the demo prints, picks the most anomalous sensor by searching for its id,
 * and waits until its chart holds points, the interval band and an anomaly marker (counted from
 * the data handed to uPlot, and the marker's red pixels on the canvas), and until new windows keep
 * arriving. Saves {@code target/dashboard.png}. Skipped where Debian's chromium or
 * chromium-driver is not installed ({@code .ci/run} installs them).
 */
class DashboardBrowserITCase {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path BUNDLED_MODEL = Path.of("..", "examples", "demo-model.safetensors");
  private static final Pattern DASHBOARD_LINE = Pattern.compile("(?m)^dashboard (http://\\S+)$");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path profile;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void followsASensorLive() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine demo = FlowcastCli.newCommandLine();
    demo.setOut(new PrintWriter(out, true));
    demo.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> demo.execute("demo", "--sensors", "16",
        "--speedup", "7200", "--duration", "45s", "--report-every", "10s", "--model", BUNDLED_MODEL.toString(),
        "--dashboard-port", "0"));
    String url = awaitDashboardUrl(out, exit);

    ChromeDriver browser = startChromium();
    try {
      browser.get(url);
      // the picker re-renders its list every few seconds: an element found a moment ago may be gone
      Wait<WebDriver> wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(250))
          .ignoring(StaleElementReferenceException.class);
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
      assertThat(browser.findElement(By.id("fleet-model")).getText()).isEqualTo("v0");

      Path screenshot = Path.of("target", "dashboard.png");
      Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
      assertThat(screenshot).isNotEmptyFile();
    } finally {
      browser.quit();
    }
    assertThat(exit.get(90, TimeUnit.SECONDS)).as(err.toString()).isZero();
  }

  private ChromeDriver startChromium() {
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

  private static String awaitDashboardUrl(StringWriter out, CompletableFuture<Integer> exit) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher line = DASHBOARD_LINE.matcher(out.toString());
      if (line.find()) {
        return line.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the demo printed no dashboard line: " + out + (exit.isDone() ? " exit " + exit.get() : ""));
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
