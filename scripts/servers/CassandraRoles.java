import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.exceptions.AuthenticationException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes the secure local Cassandra's roles (scripts/cassandra.sh with CASSANDRA_SECURE=1), run as a
 * single-file program on the driver among Cassandra's own jars: signs in as the default superuser
 * {@code cassandra} (its default password, or the new one on a rerun), gives it a new password,
 * and makes the login role Vigil connects as, with every permission on every keyspace but no
 * superuser. Arguments: host, port. Secrets come in the environment, never on the command line:
 * CASSANDRA_ADMIN_PASSWORD, CASSANDRA_USER, CASSANDRA_USER_PASSWORD, CASSANDRA_TRUSTSTORE and
 * CASSANDRA_TRUSTSTORE_PASSWORD.
 */
public final class CassandraRoles {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String admin = env("CASSANDRA_ADMIN_PASSWORD");
    String user = env("CASSANDRA_USER");
    String password = env("CASSANDRA_USER_PASSWORD");
    SSLContext tls = tls(Path.of(env("CASSANDRA_TRUSTSTORE")), env("CASSANDRA_TRUSTSTORE_PASSWORD"));
    // The node makes its default superuser a moment after it starts listening.
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      for (String adminPassword : new String[] {admin, "cassandra"}) {
        try (Cluster cluster = cluster(host, port, tls, adminPassword);
            Session session = cluster.connect()) {
          if (!adminPassword.equals(admin)) {
            session.execute("ALTER ROLE cassandra WITH PASSWORD = " + literal(admin));
          }
          session.execute(
              "CREATE ROLE IF NOT EXISTS "
                  + user
                  + " WITH PASSWORD = "
                  + literal(password)
                  + " AND LOGIN = true AND SUPERUSER = false");
          session.execute("ALTER ROLE " + user + " WITH PASSWORD = " + literal(password));
          session.execute("GRANT ALL PERMISSIONS ON ALL KEYSPACES TO " + user);
          System.out.println("role " + user + " ready; the default superuser's password changed");
          return;
        } catch (AuthenticationException | NoHostAvailableException e) {
          System.out.println("not yet (" + e.getMessage() + ")");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("could not sign in as the default superuser in 90 s");
      }
      Thread.sleep(1_000);
    }
  }

  private static Cluster cluster(String host, int port, SSLContext tls, String adminPassword) {
    return Cluster.builder()
        .addContactPoint(host)
        .withPort(port)
        .withCredentials("cassandra", adminPassword)
        .withSSL(RemoteEndpointAwareJdkSSLOptions.builder().withSSLContext(tls).build())
        .withoutJMXReporting()
        .withoutMetrics()
        .build();
  }

  private static SSLContext tls(Path truststore, String password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(truststore)) {
      ks.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return v;
  }
}
