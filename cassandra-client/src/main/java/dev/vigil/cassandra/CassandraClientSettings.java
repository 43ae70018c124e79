package dev.vigil.cassandra;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cassandra client settings from a properties file ({@code --cassandraPropertiesFile}): credentials
 * for {@code PasswordAuthenticator} and client TLS. Any value may hold references that are resolved
 * only here, where the connection is made, so that no secret is in a job's options, display data or
 * checkpoints: {@code ${file:PATH:KEY}} (KEY of the properties file PATH, as Kafka's {@code
 * FileConfigProvider}) and {@code ${env:NAME}} (an environment variable).
 *
 * <p>Keys: {@code username}, {@code password}, {@code ssl.enabled} ({@code false}), {@code
 * ssl.truststore.location}, {@code ssl.truststore.password}, {@code ssl.truststore.type} ({@code
 * PKCS12}), {@code ssl.hostname.verification} ({@code true}: the node's certificate must name the
 * address connected to). Without a truststore, TLS trusts the JVM's default authorities.
 */
public final class CassandraClientSettings {
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String SSL_ENABLED = "ssl.enabled";
  public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
  public static final String HOSTNAME_VERIFICATION = "ssl.hostname.verification";

  private static final Set<String> KEYS =
      new TreeSet<>(
          List.of(
              USERNAME,
              PASSWORD,
              SSL_ENABLED,
              TRUSTSTORE_LOCATION,
              TRUSTSTORE_PASSWORD,
              TRUSTSTORE_TYPE,
              HOSTNAME_VERIFICATION));
  private static final Set<String> SECRETS = Set.of(PASSWORD, TRUSTSTORE_PASSWORD);
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(file|env):([^}]*)}");

  private final @Nullable String file;
  private final Map<String, String> raw;

  private CassandraClientSettings(@Nullable String file, Map<String, String> raw) {
    this.file = file;
    this.raw = raw;
  }

  /**
   * The settings in {@code file} (none when null or blank); fails with what to fix on an unreadable
   * file or an unknown key. References are not resolved yet.
   */
  public static CassandraClientSettings load(@Nullable String file) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (file == null || file.isBlank()) {
      return new CassandraClientSettings(null, raw);
    }
    Properties p;
    try {
      p = readProperties(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--cassandraPropertiesFile=" + file + " cannot be read (" + e + "): give a readable file",
          e);
    }
    for (String key : p.stringPropertyNames()) {
      if (!KEYS.contains(key.trim())) {
        throw new IllegalArgumentException(
            "--cassandraPropertiesFile="
                + file
                + ": unknown setting '"
                + key
                + "'; known: "
                + KEYS);
      }
      raw.put(key.trim(), p.getProperty(key).trim());
    }
    if (raw.containsKey(PASSWORD) != raw.containsKey(USERNAME)) {
      throw new IllegalArgumentException(
          "--cassandraPropertiesFile=" + file + ": give both username and password, or neither");
    }
    return new CassandraClientSettings(file, raw);
  }

  /** Whether the settings sign in with a user and password. */
  public boolean hasCredentials() {
    return raw.containsKey(USERNAME);
  }

  /** Whether the settings ask for TLS. */
  public boolean tls() {
    return Boolean.parseBoolean(raw.getOrDefault(SSL_ENABLED, "false"));
  }

  /**
   * The secret settings given in plain text rather than as a {@code ${...}} reference: they would
   * be readable by anyone who can read the file, which Vigil warns about.
   */
  public List<String> plainSecrets() {
    List<String> plain = new ArrayList<>();
    for (String key : SECRETS) {
      String v = raw.get(key);
      if (v != null && !v.isEmpty() && !REFERENCE.matcher(v).find()) {
        plain.add(key);
      }
    }
    plain.sort(null);
    return plain;
  }

  /** {@code b} with these credentials and TLS; resolves the references now. */
  public Cluster.Builder configure(Cluster.Builder b) {
    if (hasCredentials()) {
      b = b.withCredentials(value(USERNAME), value(PASSWORD));
    }
    if (tls()) {
      b = b.withSSL(new TlsOptions(sslContext(), verifyHostname()));
    }
    return b;
  }

  private boolean verifyHostname() {
    return Boolean.parseBoolean(raw.getOrDefault(HOSTNAME_VERIFICATION, "true"));
  }

  private SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      String location = raw.get(TRUSTSTORE_LOCATION);
      if (location == null) {
        ctx.init(null, null, null);
        return ctx;
      }
      KeyStore store = KeyStore.getInstance(raw.getOrDefault(TRUSTSTORE_TYPE, "PKCS12"));
      String password = raw.containsKey(TRUSTSTORE_PASSWORD) ? value(TRUSTSTORE_PASSWORD) : null;
      try (InputStream in = Files.newInputStream(Path.of(value(TRUSTSTORE_LOCATION)))) {
        store.load(in, password == null ? null : password.toCharArray());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--cassandraPropertiesFile="
              + file
              + ": the truststore "
              + raw.get(TRUSTSTORE_LOCATION)
              + " cannot be opened ("
              + e.getMessage()
              + "): check ssl.truststore.location, ssl.truststore.type and ssl.truststore.password",
          e);
    }
  }

  /** The setting {@code key} with its references resolved. */
  String value(String key) {
    String v = raw.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "--cassandraPropertiesFile=" + file + " has no '" + key + "'");
    }
    Matcher m = REFERENCE.matcher(v);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(resolve(m.group(1), m.group(2), key)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String resolve(String provider, String ref, String key) {
    if (provider.equals("env")) {
      String v = System.getenv(ref);
      if (v == null) {
        throw badReference(key, "${env:" + ref + "}", "the environment variable is not set");
      }
      return v;
    }
    int colon = ref.lastIndexOf(':');
    if (colon <= 0) {
      throw badReference(key, "${file:" + ref + "}", "write it as ${file:PATH:KEY}");
    }
    Path path = Path.of(ref.substring(0, colon));
    String name = ref.substring(colon + 1);
    Properties p;
    try {
      p = readProperties(path);
    } catch (IOException e) {
      throw badReference(key, "${file:" + ref + "}", path + " cannot be read (" + e + ")");
    }
    String v = p.getProperty(name);
    if (v == null) {
      throw badReference(key, "${file:" + ref + "}", path + " has no key '" + name + "'");
    }
    return v.trim();
  }

  private static Properties readProperties(Path path) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private IllegalArgumentException badReference(String key, String ref, String why) {
    return new IllegalArgumentException(
        "--cassandraPropertiesFile=" + file + ": '" + key + "' references " + ref + ": " + why);
  }

  /** JDK TLS that checks, when asked, that the node's certificate names the address dialled. */
  private static final class TlsOptions extends RemoteEndpointAwareJdkSSLOptions {
    private final boolean verifyHostname;

    TlsOptions(SSLContext context, boolean verifyHostname) {
      super(context, null);
      this.verifyHostname = verifyHostname;
    }

    @Override
    protected SSLEngine newSSLEngine(SocketChannel channel, InetSocketAddress remote) {
      SSLEngine engine = super.newSSLEngine(channel, remote);
      if (verifyHostname) {
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
      }
      return engine;
    }
  }
}
