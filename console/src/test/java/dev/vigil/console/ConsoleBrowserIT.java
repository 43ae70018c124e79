package dev.vigil.console;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.pipelines.kafka.CassandraServer;
import dev.vigil.pipelines.kafka.KafkaServer;
import dev.vigil.pipelines.kafka.StreamingChecks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (paths set, nothing downloaded), two analysts in two browsers, against the real
 * Kafka, Cassandra and a streaming pipeline run ({@link ConsoleStack}). Writes the README's
 * screenshots to {@code console/target/screenshots/}.
 */
@ExtendWith({KafkaServer.class, CassandraServer.class, ConsoleStack.Shared.class})
class ConsoleBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static WebDriver chromium(Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver (.ci/run does)");
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1500,1100",
        "--user-data-dir=" + profile);
    return new ChromeDriver(service, options);
  }

  static WebDriverWait waiting(WebDriver d, int seconds) {
    return new WebDriverWait(d, Duration.ofSeconds(seconds), Duration.ofMillis(100));
  }

  static boolean shown(WebDriver d, String id) {
    return d.findElement(By.id(id)).isDisplayed();
  }

  static String text(WebDriver d, String id) {
    return d.findElement(By.id(id)).getText();
  }

  static void signIn(WebDriver d, String base, String name, String password) {
    d.get(base + "/");
    waiting(d, 10).until(x -> shown(x, "signin"));
    d.findElement(By.id("name")).sendKeys(name);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.id("signin-button")).click();
    waiting(d, 10).until(x -> text(x, "who").equals("signed in as " + name));
  }

  /** The queue row of {@code alertId}, waiting for it up to {@code seconds}. */
  static WebElement row(WebDriver d, String alertId, int seconds) {
    By by = By.cssSelector("#queue tr[data-alert-id='" + alertId + "']");
    return waiting(d, seconds).until(x -> x.findElements(by).isEmpty() ? null : x.findElement(by));
  }

  /** Clicks the row of {@code alertId} and waits until its detail shows. */
  static void open(WebDriver d, String alertId) {
    waiting(d, 10)
        .until(
            x -> {
              row(x, alertId, 10).click();
              return text(x, "d-id").equals(alertId);
            });
  }

  static Object fetchStatus(WebDriver d, String path) {
    return ((JavascriptExecutor) d)
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => done(r.status));",
            path);
  }

  static void screenshot(WebDriver d, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void twoAnalystsWorkAnAlertInTheirBrowsersAndBlockTheCard(ConsoleStack stack, @TempDir Path dir)
      throws Exception {
    List<WebDriver> browsers = new ArrayList<>();
    try {
      String base = "http://127.0.0.1:" + stack.console.port();
      WebDriver anonymous = chromium(dir.resolve("anonymous"));
      browsers.add(anonymous);
      WebDriver alice = chromium(dir.resolve("alice"));
      browsers.add(alice);
      WebDriver bob = chromium(dir.resolve("bob"));
      browsers.add(bob);

      // Signed out: the sign-in form, and the API refuses the page's requests.
      anonymous.get(base + "/");
      waiting(anonymous, 10).until(x -> shown(x, "signin"));
      assertThat(shown(anonymous, "app"), equalTo(false));
      assertThat(fetchStatus(anonymous, "/api/alerts"), equalTo(401L));

      signIn(alice, base, "alice", ConsoleStack.ALICE_PASSWORD);
      signIn(bob, base, "bob", ConsoleStack.BOB_PASSWORD);

      // The alert appears in both browsers within seconds of its transaction.
      long t0 = System.currentTimeMillis() - 600_000;
      long sent = System.nanoTime();
      stack.sendSpike("card-B", "b-spike", t0);
      row(alice, "alert-b-spike", 30);
      System.err.printf(
          "[console-browser-it] alert shown in the browser %.1f s after its transaction was sent%n",
          (System.nanoTime() - sent) / 1e9);
      row(bob, "alert-b-spike", 10);
      waiting(alice, 10).until(x -> !text(x, "f-model").equals("–"));
      screenshot(alice, "console-queue.png");

      // Alice claims it; Bob sees her claim, and his own is refused.
      open(alice, "alert-b-spike");
      alice.findElement(By.id("a-claim")).click();
      waiting(alice, 10).until(x -> text(x, "d-claimed").equals("claimed by alice"));
      open(bob, "alert-b-spike");
      assertThat(text(bob, "d-claimed"), equalTo("claimed by alice"));
      // Each feature beside the card's baseline: the median over its two earlier purchases.
      assertThat(text(bob, "d-baseline-n"), equalTo("2"));
      for (WebElement tr : bob.findElements(By.cssSelector("#d-features tbody tr"))) {
        List<WebElement> cells = tr.findElements(By.tagName("td"));
        assertThat(cells.size(), equalTo(3));
        assertThat(cells.get(2).getText().equals("–"), equalTo(false));
      }
      bob.findElement(By.id("a-claim")).click();
      waiting(bob, 10).until(x -> text(x, "d-error").contains("already claimed by alice"));

      // Alice confirms fraud, with a note that would run as HTML if it were not shown as text.
      String note = "<img src=x onerror=\"window.__xss=1\">";
      alice.findElement(By.id("a-note")).sendKeys(note);
      alice.findElement(By.id("a-fraud")).click();
      waiting(alice, 10).until(x -> text(x, "d-claimed").equals("claimed by alice, fraud"));
      assertThat(text(alice, "d-state"), equalTo("closed"));
      assertThat(text(alice, "d-audit"), containsString("alice label_fraud: " + note));
      assertThat(((JavascriptExecutor) alice).executeScript("return window.__xss"), equalTo(null));
      screenshot(alice, "console-detail.png");
      try (Cluster c =
          Cluster.builder()
              .addContactPoint(CassandraServer.HOST)
              .withPort(CassandraServer.PORT)
              .withoutJMXReporting()
              .build()) {
        Row r =
            c.connect()
                .execute(
                    "SELECT verdict, decided_by, note FROM "
                        + stack.keyspace
                        + ".alert_reviews WHERE alert_id = 'alert-b-spike'")
                .one();
        assertThat(r.getString("verdict"), equalTo("fraud"));
        assertThat(r.getString("decided_by"), equalTo("alice"));
        assertThat(r.getString("note"), equalTo(note));
      }
      // The stack is shared with ConsoleIT: its label may be on the topic too.
      List<JsonNode> labels =
          StreamingChecks.readUntil("labels-" + stack.run, 1, Duration.ofSeconds(20)).stream()
              .filter(l -> l.path("transaction_id").asText().equals("b-spike"))
              .toList();
      assertThat(labels.size(), equalTo(1));
      assertThat(labels.get(0).get("label").asInt(), equalTo(1));
      assertThat(labels.get(0).get("source").asText(), equalTo("analyst"));

      // A reload keeps the session and shows the verdict.
      alice.navigate().refresh();
      waiting(alice, 10).until(x -> text(x, "who").equals("signed in as alice"));
      open(alice, "alert-b-spike");
      assertThat(text(alice, "d-claimed"), equalTo("claimed by alice, fraud"));

      // Alice blocks the card: the pipeline decides its next transaction BLOCK, card_blocked.
      alice.findElement(By.id("a-block")).click();
      waiting(alice, 10).until(x -> text(x, "d-card-status").equals("(blocked by alice)"));
      String blocked = null;
      for (int i = 0; i < 30 && blocked == null; i++) {
        String id = "b-after-block-" + i;
        stack.send(ConsoleStack.tx(id, "card-B", 12.0, t0 + 300_000 + i * 1000L, 48.85, 2.35));
        try {
          row(alice, "alert-" + id, 15);
          open(alice, "alert-" + id);
          if (text(alice, "d-reasons").startsWith("card_blocked")) {
            blocked = id;
          }
        } catch (org.openqa.selenium.TimeoutException e) {
          // not alerted: the block was not read yet
        }
      }
      assertThat("the pipeline blocked the card", blocked != null, equalTo(true));
      assertThat(text(alice, "d-decision"), equalTo("BLOCK"));
      assertThat(text(alice, "d-reasons"), startsWith("card_blocked"));

      // Signing out returns to the form; the page's API calls are refused again.
      alice.findElement(By.id("signout")).click();
      waiting(alice, 10).until(x -> shown(x, "signin"));
      assertThat(fetchStatus(alice, "/api/alerts"), equalTo(401L));
    } finally {
      browsers.forEach(WebDriver::quit);
    }
  }
}
