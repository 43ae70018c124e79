package dev.vigil.console;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console page in headless Chromium during the load check: every 2 s it clicks the newest alert
 * in the queue and times until its detail shows, and the page records its long tasks (main thread
 * blocked for 50 ms or more, by the browser's {@code PerformanceObserver}). At the end it checks
 * the page's own queue count.
 */
final class PageProbe {
  private final Path profile;
  private final String base;
  private final List<Double> clickMs = new ArrayList<>();
  private volatile boolean probing = true;
  private Thread thread;
  private WebDriver driver;
  private Map<?, ?> longTasks = Map.of();
  private String queueCount = "";
  private String failure;

  PageProbe(Path profile, String base) {
    this.profile = profile;
    this.base = base;
  }

  void start() {
    driver = ConsoleBrowserIT.chromium(profile);
    ConsoleBrowserIT.signIn(driver, base, "load", "load-password");
    ((JavascriptExecutor) driver)
        .executeScript(
            "window.__long = {n: 0, ms: 0, max: 0};"
                + "new PerformanceObserver(l => l.getEntries().forEach(e => {"
                + "  __long.n++; __long.ms += e.duration; __long.max = Math.max(__long.max, e.duration);"
                + "})).observe({type: 'longtask'});");
    thread =
        new Thread(
            () -> {
              while (probing) {
                try {
                  probe();
                  Thread.sleep(2000);
                } catch (InterruptedException e) {
                  return;
                } catch (org.openqa.selenium.StaleElementReferenceException e) {
                  // the queue re-rendered between finding the row and clicking it: probe again
                } catch (RuntimeException e) {
                  failure = e.toString();
                }
              }
            },
            "page-probe");
    thread.setDaemon(true);
    thread.start();
  }

  private void probe() {
    List<WebElement> rows = driver.findElements(By.cssSelector("#queue tbody tr"));
    if (rows.isEmpty()) {
      return;
    }
    String id = rows.get(0).getAttribute("data-alert-id");
    long t = System.nanoTime();
    rows.get(0).click();
    ConsoleBrowserIT.waiting(driver, 10)
        .until(d -> d.findElement(By.id("d-id")).getText().equals(id));
    synchronized (clickMs) {
      clickMs.add((System.nanoTime() - t) / 1e6);
    }
  }

  void stopProbing() throws InterruptedException {
    probing = false;
    thread.join(15_000);
    longTasks = (Map<?, ?>) ((JavascriptExecutor) driver).executeScript("return window.__long;");
  }

  /** Waits until the page shows every alert as held, then closes the browser. */
  void finish(long alerts) {
    try {
      ConsoleBrowserIT.waiting(driver, 15)
          .until(d -> d.findElement(By.id("queue-count")).getText().startsWith(alerts + " held"));
    } catch (RuntimeException e) {
      // reported below with what the page showed
    }
    queueCount = driver.findElement(By.id("queue-count")).getText();
    driver.quit();
  }

  boolean showedAll(long alerts) {
    return queueCount.startsWith(alerts + " held");
  }

  String rows() {
    List<Double> ms;
    synchronized (clickMs) {
      ms = new ArrayList<>(clickMs);
    }
    return "| browser page: click on the newest alert to its detail shown, p50 / p99 / max ms ("
        + ms.size()
        + " clicks) | "
        + ConsoleLoadCheck.Report.pct(ms, 0.5)
        + " / "
        + ConsoleLoadCheck.Report.pct(ms, 0.99)
        + " / "
        + ConsoleLoadCheck.Report.pct(ms, 1.0)
        + " |\n"
        + "| browser page: long tasks during the load (count, total ms, longest ms) | "
        + number(longTasks.get("n"))
        + ", "
        + number(longTasks.get("ms"))
        + ", "
        + number(longTasks.get("max"))
        + " |\n"
        + "| browser page: its queue's count at the end | "
        + queueCount
        + " |\n"
        + (failure == null ? "" : "| browser page: a probe failed | " + failure + " |\n");
  }

  private static String number(Object v) {
    return v instanceof Number n
        ? String.format(java.util.Locale.ROOT, "%.0f", n.doubleValue())
        : "–";
  }
}
