package dev.vigil.console;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./vigil console}: the analyst console over the stack {@code ./vigil up} starts
 * (docs/console.md). {@code --hashPassword=NAME} reads a password from standard input and prints
 * the users-file line for it.
 */
public final class Console implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);

  private final ReviewStore store;
  private final ActionPublisher publisher;
  private final KafkaFeeds feeds;
  private final ConsoleServer server;

  private Console(ConsoleConfig config, Users users) {
    AlertQueue queue = new AlertQueue(config.maxAlerts());
    LiveFigures figures = new LiveFigures(Math.max(1, config.tickerPerSecond() / 2));
    CardActivity cards = new CardActivity(20_000);
    store = new ReviewStore(config);
    store.allReviews(config.keyspace(), queue::setReview);
    publisher = new ActionPublisher(config);
    MerchantBoard merchants = new MerchantBoard();
    feeds = new KafkaFeeds(config, queue, figures, cards, merchants);
    server = new ConsoleServer(config, users, queue, figures, cards, merchants, store, publisher);
  }

  /** Starts a console (for tests and {@link #main}); close it to stop. */
  public static Console start(String... args) throws Exception {
    ConsoleConfig config = ConsoleConfig.parse(args);
    Users users;
    if (config.usersFile() != null) {
      users = Users.read(config.usersFile());
    } else {
      String password = Users.randomToken(12);
      users = Users.single("analyst", password.toCharArray());
      System.err.println(
          "[console] no --usersFile: sign in as 'analyst' with password "
              + password
              + " (this run only; loopback only)");
    }
    Console c = new Console(config, users);
    c.feeds.start();
    c.server.start();
    return c;
  }

  public int port() {
    return server.port();
  }

  public static void main(String[] args) throws Exception {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.print(ConsoleConfig.help());
        return;
      }
      if (a.startsWith("--hashPassword=")) {
        String name = a.substring("--hashPassword=".length());
        if (name.isBlank() || name.contains(":")) {
          System.err.println("--hashPassword=NAME: a name without ':'");
          System.exit(2);
        }
        System.err.println("password for " + name + " (one line on standard input):");
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.length() < 8) {
          System.err.println("a password of at least 8 characters, please");
          System.exit(2);
        }
        System.out.println(Users.hashLine(name, line.toCharArray()));
        return;
      }
    }
    Console console;
    try {
      console = start(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vigil console: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(console::closeQuietly));
    System.err.println(
        "[console] http://" + ConsoleConfig.parse(args).host() + ":" + console.port());
    Thread.currentThread().join();
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      LOG.warn("closing the console: {}", e.toString());
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    feeds.close();
    publisher.close();
    store.close();
  }
}
